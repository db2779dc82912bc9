"""The online questionnaire respondents open from a link or QR code (made for phones)."""

import streamlit as st

from rasp.core import markdown_text as md
from rasp.meeting import ABOUT_STEP, CHECK_STEP, PARTNER_STEP, answered, framework_for, partners_of, steps, submit
from rasp.ui import choice, find_link, go_to, open_draft, ratings, respondent_setup, statements, text, values

base = respondent_setup("Questionnaire")
token = st.query_params.get("link", "")
if not token:
    st.title("Partnership readiness questionnaire")
    st.info(
        "This page is for respondents. Open it from the link or QR code your facilitator shares. "
        "Facilitators open links on the 'Collect answers online' page."
    )
    st.stop()
link = find_link(base.engine, token)
if link is None:
    st.error("This questionnaire link is not recognised. Check you typed the whole address, or scan the QR code again.")
    st.stop()
st.title("Partnership readiness questionnaire")
if not link.is_open:
    st.warning("This questionnaire is closed, so it no longer takes answers. Thank you for your time.")
    st.stop()
draft = open_draft(base.engine, link)
if draft.return_id is not None:
    st.success("Your answers have been sent. Thank you.")
    st.stop()
fw = framework_for(link, base.framework)
v = values()
partners = partners_of(base.engine, link, v.get("about", {}).get("Council")) if link.kind == "full" else []
names = steps(fw, bool(partners))
step = min(int(v.get("step", 0)), len(names) - 1)
st.caption(
    f"{link.partnership}, {link.round_name}. Your answers are saved as you go: if you lose your connection, "
    "open the same address again to carry on."
)
st.progress((step + 1) / len(names), text=f"Step {step + 1} of {len(names)}: {names[step]}")
st.header(names[step])

if names[step] == ABOUT_STEP:
    choice(base.engine, draft, "Your council", list(partners_of(base.engine, link, None)), "about", "Council")
    text(
        base.engine,
        draft,
        "Your name or a label (optional; use the same one if you answer again)",
        "about",
        "Respondent",
    )
    text(base.engine, draft, "Your role (optional)", "about", "Role")
    choice(
        base.engine,
        draft,
        "The form of sharing your council is aiming for",
        [r.label for r in fw.ladder],
        "about",
        "Target form of sharing",
    )
    choice(base.engine, draft, "The scope of sharing (optional)", list(fw.scopes), "about", "Scope")
elif names[step] == PARTNER_STEP:
    ratings(base.engine, draft, fw, partners)
elif names[step] == CHECK_STEP:
    st.write(f"You have answered {answered(v, fw)} of {len(fw.statements)} statements.")
    if st.button("Send my answers", type="primary", width="stretch"):
        result = submit(base.engine, base.framework, link, draft, v)
        if result.ok:
            st.success(result.message)
            st.balloons()
            st.stop()
        st.error(md(result.message))
        for problem in result.problems:
            st.write(f"- {md(problem.item + ': ' if problem.item else '')}{md(problem.message)}")
else:
    statements(base.engine, draft, fw, fw.dimensions[step - 1])

back, forward = st.columns(2)
back.button("Back", disabled=step == 0, width="stretch", on_click=go_to, args=(base.engine, draft, step - 1))
forward.button(
    "Next",
    type="primary",
    disabled=step == len(names) - 1,
    width="stretch",
    on_click=go_to,
    args=(base.engine, draft, step + 1),
)
