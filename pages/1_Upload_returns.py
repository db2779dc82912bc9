"""Upload returns: download the template, upload filled returns, see every problem or the return accepted."""

import streamlit as st

from rasp.access import Action
from rasp.charts import returns_history
from rasp.ui import (
    RESULTS,
    UPLOADS_DONE,
    all_stored,
    directory,
    forms_questions,
    load_returns,
    no_data_yet,
    page_setup,
    run_imports,
    show_results,
    template_bytes,
    withdraw,
)

ctx = page_setup("Upload returns", needs=Action.UPLOAD)
st.title("Upload returns")
if no_data_yet(ctx):
    st.stop()
councils = [c for c in directory(ctx.engine).councils.get(ctx.partnership or "", ()) if ctx.scope.may_upload_for(c)]

st.header("1. Download the return template")
st.write("Each respondent fills in one return in Excel or LibreOffice and saves it as .xlsx.")
anyone = ["Any council (choose in the file)"] if ctx.scope.upload_for is None else []
council = st.selectbox("Fill in the council for", [*anyone, *councils])
one = None if council.startswith("Any council") else council
st.download_button(
    "Download the return template (.xlsx)",
    data=template_bytes(ctx, one),
    file_name=f"return-{(one or ctx.partnership or 'template').lower().replace(' ', '-')}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
forms_questions(ctx, councils)

st.header("2. Upload filled returns")
st.write(
    f"Returns go into **{ctx.partnership}**, round **{ctx.round_name}** (unless a return names another "
    "round). A return with problems is not stored: fix what is listed and upload it again. Microsoft Forms "
    "and Google Forms exports (.xlsx, .csv), .ods files and long CSV files are taken too: one return per response."
)
# Not cleared on submit: after a refused file its name and "Your name" stay, to fix and send again; once every
# file is stored the chooser is emptied (a new key) and the page shows the results again.
with st.form("upload"):
    files = st.file_uploader(
        "Returns or survey exports (.xlsx, .ods, .csv), one or several",
        type=["xlsx", "xlsm", "xls", "ods", "csv"],
        accept_multiple_files=True,
        key=f"upload_files_{st.session_state.get(UPLOADS_DONE, 0)}",
    )
    who = st.text_input("Your name (kept in the return's history)", key="upload_who")
    submitted = st.form_submit_button("Check and store the returns", type="primary")
if submitted:
    if not files:
        st.warning("Choose at least one file first.")
    else:
        st.session_state[RESULTS] = run_imports(ctx, files, who)
        if all_stored(st.session_state[RESULTS]):
            st.session_state[UPLOADS_DONE] = st.session_state.get(UPLOADS_DONE, 0) + 1
            st.rerun()
if st.session_state.get(RESULTS):
    show_results(st.session_state[RESULTS])

st.header("Returns in this round")
history = load_returns(ctx.engine, ctx.partnership or "", ctx.round_name or "", history=True)
if ctx.scope.returns_of is not None:  # an officer sees their own council's returns only
    history = history[history["council"].isin(ctx.scope.returns_of)]
if history.empty:
    st.caption("None yet.")
    st.stop()
st.dataframe(returns_history(history), hide_index=True, width="stretch")
counting = history[history["is_current"].astype(bool)]
labels = {f"Return {r.return_id}: {r.council}, {r.respondent or 'unnamed'}": r.return_id for r in counting.itertuples()}
with st.form("withdraw"):
    gone = st.selectbox("Withdraw a return (it stays in the history but no longer counts)", list(labels))
    if st.form_submit_button("Withdraw it") and gone and withdraw(ctx, int(labels[gone])):
        st.rerun()
