"""The upload page's help for councils that collect answers in Microsoft Forms or Google Forms: the exact
question list to paste into a new form (as text and CSV) and the steps, in one expander."""

from __future__ import annotations

import streamlit as st

from rasp.intake.questions import questions_csv, questions_text
from rasp.store.reads import directory
from rasp.ui.app import Context

STEPS = """\
1. Create a new form in Microsoft Forms or Google Forms and add the questions below **in order**, keeping each
   id in square brackets (`[S1]`, `[council]`, `[trust]` ...) at the start of the question or grid row.
2. About you: the council and the target form of sharing are choice questions with exactly the options listed;
   name and role are short text. For each dimension add one **Likert** question (Microsoft Forms) or
   **multiple-choice grid** (Google Forms) with the statements as rows and the options as columns. The partner
   ratings are two more grids with the councils as rows and 1 to 5 as columns (respondents skip their own).
3. Collect the answers, then download them: in Microsoft Forms *Responses > Open in Excel*; in Google Forms
   *Responses > Download responses (.csv)*. Upload that file below as it is.
4. Each response becomes one return. Uploading the same file again changes nothing; a later download adds only
   the new responses. Columns that match no question are listed, never guessed.
"""


def forms_questions(ctx: Context, councils: list[str]) -> None:
    """The expander with the steps, the question list and its downloads. `councils` are the ones this person
    may upload for (the council question's choices); every council of the partnership is rated."""
    partners = list(directory(ctx.engine).councils.get(ctx.partnership or "", ()))
    with st.expander("Collecting answers in Microsoft Forms or Google Forms instead? The questions to paste"):
        st.markdown(STEPS)
        text = questions_text(ctx.framework, councils, ctx.partnership or "", partners)
        slug = (ctx.partnership or "questions").lower().replace(" ", "-")
        left, right = st.columns(2)
        left.download_button(
            "Download the questions (.txt)", text.encode("utf-8"), f"questions-{slug}.txt", "text/plain"
        )
        right.download_button(
            "Download the questions (.csv)",
            questions_csv(ctx.framework, councils, partners).encode("utf-8"),
            f"questions-{slug}.csv",
            "text/csv",
        )
        st.code(text, language=None, wrap_lines=True)  # wrapped: no scrolling region a keyboard cannot reach
