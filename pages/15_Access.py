"""Access: the partnership's mode (in confidence or open), its retention period, and who holds which role."""

import streamlit as st

from rasp.access import Action
from rasp.core import ROLES, Grant, RaspError
from rasp.core import markdown_text as md
from rasp.ui import (
    access_settings,
    change_mode,
    change_retention,
    change_role,
    directory,
    no_data_yet,
    page_setup,
    roles_here,
)

ctx = page_setup("Access", pick_round=False)
st.title("Access")
if no_data_yet(ctx):
    st.stop()
if not (ctx.scope.may(Action.SET_MODE) or ctx.scope.may(Action.GRANT)):
    st.error(f"You may not change access for {md(ctx.partnership or '')}.")
    st.stop()
partnership = ctx.partnership or ""
now = access_settings(ctx)
MODES = {
    "In confidence: each council sees only itself, and the partnership as unnamed figures": "in-confidence",
    "Open: every council of the partnership sees every other, by name": "open",
}
st.header(f"Who sees whom in {md(partnership)}")
chosen = st.radio("Mode", list(MODES), index=list(MODES.values()).index(now.mode))
if MODES[chosen] != now.mode and st.button("Change the mode", type="primary"):
    change_mode(ctx, MODES[chosen])  # type: ignore[arg-type]
    st.rerun()
st.caption("Facilitators and administrators always see every council by name. Every change is in the audit log.")
if not ctx.scope.may(Action.GRANT):
    st.stop()

st.header("How long individual answers are kept")
keep = st.number_input("Months after a round opens (0: keep until erased)", 0, 1200, now.retention_months or 0)
if (keep or None) != now.retention_months and st.button("Save the retention period"):
    change_retention(ctx, int(keep) or None)
    st.rerun()
st.caption(
    "Council scores are kept after the answers go. On the command line, rasp retention --dry-run shows what would go."
)

st.header("Roles")
st.dataframe(roles_here(ctx).rename(columns=str.capitalize), hide_index=True, width="stretch")
councils = list(directory(ctx.engine).councils[partnership])
with st.form("grant"):
    email = st.text_input("Email address they sign in with")
    role = st.selectbox("Role", ROLES, index=3)
    council = st.selectbox("Council (officers and viewers)", ["", *councils])
    give, take = st.columns(2)
    grant_it = give.form_submit_button("Grant", type="primary")
    revoke_it = take.form_submit_button("Revoke")
if grant_it or revoke_it:
    grant = Grant(
        role,
        None if role == "administrator" else partnership,
        council or None if role in {"officer", "viewer"} else None,
    )
    try:
        changed = change_role(ctx, email, grant, give=grant_it)
    except RaspError as exc:
        st.error(str(exc))
    else:
        done = "granted" if grant_it else "revoked"
        st.success(f"{md(email)}: {grant.describe()} {done}." if changed else "Nothing to change.")
