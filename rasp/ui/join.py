"""Where phones join: the questionnaire address built from what this browser and server know, the
facilitator's choice of address (kept for the session), and the QR code panel the collection page and the
presenter view show."""

from __future__ import annotations

import html

import streamlit as st

from rasp.core import config
from rasp.meeting.addresses import FIX_SETTING, JoinAddress, JoinPlan, join_plan, machine_addresses
from rasp.meeting.qr import qr_png

JOIN_BASE = "join_base"  # plain session-state key: the base address the facilitator chose


def join_plan_here() -> JoinPlan:
    """The addresses to offer, from the address this browser used and what the server listens on."""
    port = st.get_option("server.port")
    return join_plan(
        browser_url=st.context.url,
        server_address=st.get_option("server.address"),
        port=int(port) if port else 8501,
        base_path=str(st.get_option("server.baseUrlPath") or ""),
        public_url=config.public_url(),
        network_addresses=machine_addresses(),
    )


def chosen_address(found: JoinPlan) -> JoinAddress | None:
    return found.chosen(st.session_state.get(JOIN_BASE))


def _keep_choice() -> None:
    st.session_state[JOIN_BASE] = st.session_state["w_join_base"]


def pick_address(found: JoinPlan) -> JoinAddress | None:
    """Let the facilitator choose among several addresses (kept for the presenter view); say what is wrong."""
    if found.warning:
        st.warning(found.warning, icon=":material/wifi_off:")
    current = chosen_address(found)
    if len(found.choices) > 1 and current is not None:
        bases = [c.base for c in found.choices]
        st.radio(
            "Address for the links and QR codes (the one the phones in the room can reach)",
            bases,
            index=bases.index(current.base),
            captions=[c.why for c in found.choices],
            key="w_join_base",
            on_change=_keep_choice,
        )
        current = chosen_address(found)
    return current


def unreachable_note() -> str:
    return (
        "No phone can reach this address: the app does not listen on it, so scanning this code will fail. "
        f"Restart the app with {FIX_SETTING} ./scripts/run so that it listens on the network."
    )


@st.cache_data(max_entries=32, show_spinner=False)
def _qr(text: str) -> bytes:
    return qr_png(text, box_size=12)


def short_html(address: JoinAddress, token: str, size: str) -> str:
    """The short address as HTML (escaped: it comes from a request header or the environment)."""
    return f"<p class='rasp-join-address' style='font-size:{size}'>{html.escape(address.short(token))}</p>"


def qr_panel(
    address: JoinAddress, token: str, *, width: int, key: str, text_size: str | None = None, brief: bool = False
) -> None:
    """A QR code for the link, the short address under it (when `text_size` is given), and a plain warning
    when no phone can reach the address."""
    with st.container(key=key):
        st.image(_qr(address.link(token)), width=width)
        if text_size:
            st.html(short_html(address, token, text_size))
        if not address.reachable:
            note = "No phone can reach this address." if brief else unreachable_note()
            st.warning(note, icon=":material/wifi_off:")
