"""Audit log: who did what and when (sign-ins, roles, modes, uploads, exports, reveals, links, agreements)."""

import streamlit as st

from rasp.access import Action
from rasp.ui import audit_entries, page_setup, record

ctx = page_setup("Audit log", needs=Action.READ_AUDIT, pick_round=False)
st.title("Audit log")
everything = ctx.person.is_administrator
st.write(
    "Every sign-in, role or mode change, upload, export, reveal, questionnaire link opened or closed, agreed "
    "score and action, newest first. Entries cannot be changed or deleted."
)
left, right = st.columns(2)
scope = "All partnerships" if everything else ctx.partnership
if everything:
    scope = left.selectbox("Partnership", ["All partnerships", ctx.partnership or ""])
who = right.text_input("Done by (part of an email)")
action = left.text_input("What (e.g. upload, mode changed, erasure)")
since = right.date_input("From", value=None, format="DD/MM/YYYY")
until = left.date_input("Up to and including", value=None, format="DD/MM/YYYY")
log = audit_entries(
    ctx,
    scope == "All partnerships",
    who=who or None,
    action=action.strip() or None,
    since=since,  # type: ignore[arg-type]
    until=until,  # type: ignore[arg-type]
)
st.dataframe(log.rename(columns=str.capitalize), hide_index=True, width="stretch")
st.download_button(
    "Download these entries (CSV)",
    data=log.to_csv(index=False).encode("utf-8"),
    file_name="audit-log.csv",
    mime="text/csv",
    on_click=record,
    args=(ctx, "export", f"audit log, {len(log)} entries"),
)
