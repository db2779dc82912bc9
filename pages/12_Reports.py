"""Reports: the PowerPoint pack, the Excel analysis workbook and the standalone web report, ready to download."""

import streamlit as st

from rasp.access import Action
from rasp.exports import formats
from rasp.ui import no_data_yet, page_setup, prepare, record

ctx = page_setup("Reports", needs=Action.EXPORT)
st.title("Reports")
if no_data_yet(ctx):
    st.stop()
st.write(
    f"Reports for **{ctx.partnership}**, round **{ctx.round_name}**, made from the same tables and charts as "
    "these pages. They follow the anonymity rules: agreement figures and answers are left out for councils "
    f"with fewer than {ctx.framework.thresholds.anonymity_min_respondents} returns."
)
anonymised = st.toggle("Show councils as Council A, B, C (for sharing in confidence)")
if st.button("Prepare the reports", type="primary"):
    st.session_state["reports_ready"] = {"anonymised": anonymised, "version": ctx.version}
ready = st.session_state.get("reports_ready")
if ready and ready["anonymised"] == anonymised and ready["version"] == ctx.version:
    made = prepare(ctx, anonymised)
    for key, fmt in formats().items():
        name, data = made[key]
        st.download_button(
            f"Download the {fmt.label} (.{fmt.extension}, {len(data) // 1024} KB)",
            data=data,
            file_name=name,
            mime=fmt.mime,
            key=f"download_{key}",
            on_click=record,
            args=(ctx, "export", f"{fmt.label}, {ctx.round_name}" + (", anonymised" if anonymised else "")),
        )
    st.caption("The web report opens in any browser without a network connection and prints to PDF.")
