"""Personal data (UK GDPR): find a respondent's returns, export them for a subject access request, erase them."""

import streamlit as st

from rasp.access import Action
from rasp.ui import erase_returns, find_subject, page_setup, record, subject_export

ctx = page_setup("Personal data", needs=Action.PERSONAL_DATA, pick_round=False)
st.title("Personal data")
st.write(
    "Respondents' answers are personal data. Find a person's returns by the name or email they gave, download "
    "everything stored from them (a subject access request), or erase them: the figures are worked out again "
    "without them, and the erasure is recorded in the audit log without the person's name."
)
text = st.text_input("Name or email the respondent gave")
if not text.strip():
    st.stop()
found = find_subject(ctx, text)
if found.empty:
    st.info("No stored return has a respondent matching that.")
    st.stop()
st.dataframe(found, hide_index=True, width="stretch")
ids = [int(i) for i in found["return_id"]]
st.download_button(
    "Download everything stored from these returns (CSV)",
    data=subject_export(ctx, ids).to_csv(index=False).encode("utf-8"),
    file_name="subject-access-request.csv",
    mime="text/csv",
    on_click=record,
    args=(ctx, "export", f"subject access export of returns {', '.join(map(str, ids))}"),
)
st.header("Erase")
chosen = st.multiselect("Returns to erase", ids, default=ids)
sure = st.checkbox("I have checked these are the right person's returns; erasing cannot be undone")
if st.button("Erase these returns", type="primary", disabled=not (sure and chosen)):
    gone = erase_returns(ctx, chosen)
    st.success(f"Erased {gone} return{'s' if gone != 1 else ''}. The figures no longer include them.")
