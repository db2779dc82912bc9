"""The online questionnaire respondents open from a link or QR code (made for phones). Self-contained: it needs
no staff page, so it also works where other devices reach only the questionnaire."""

import streamlit as st

from rasp.meeting import framework_for, partners_of, steps
from rasp.ui import SENT, find_link, open_draft, questionnaire_css, respondent_setup, show_step, values

base = respondent_setup("Questionnaire")
questionnaire_css()
token = st.query_params.get("link", "")
st.title("Partnership readiness questionnaire")
if not token:
    st.info(
        "This page is for respondents. Open it from the link or QR code your facilitator shares. "
        "Facilitators open links on the 'Collect answers online' page."
    )
    st.stop()
link = find_link(base.engine, token)
if link is None:
    st.error("This questionnaire link is not recognised. Check you typed the whole address, or scan the QR code again.")
    st.stop()
draft = open_draft(base.engine, link)
if (draft is not None and draft.return_id is not None) or st.session_state.get(SENT) == link.token:
    st.success("Thank you: your answers have been sent.", icon=":material/check_circle:")
    st.write("They now count for your council in this round. You can close this page.")
    st.stop()
if not link.is_open:
    st.warning("This questionnaire is closed, so it no longer takes answers. Thank you for your time.")
    st.stop()
fw = framework_for(link, base.framework)
pulse = link.kind == "pulse"
partners = [] if pulse else partners_of(base.engine, link, values().get("about", {}).get("Council"))
names = steps(fw, bool(partners), pulse=pulse)
st.caption(
    f"{link.partnership}, {link.round_name}. Your answers are saved as you go: if you lose your connection, "
    "open the same address again to carry on."
)
show_step(base.engine, link, fw, base.framework, names, min(int(values().get("step", 0)), len(names) - 1))
