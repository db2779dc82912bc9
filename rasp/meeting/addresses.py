"""Which address phones in the room can use to reach the questionnaire (pure, apart from listing this machine's
network addresses).

    the facilitator's browser used a network address  ->  that address (it reached the app, so can a phone on
                                                          the same network)
    it used localhost / 127.0.0.1 / ::1                ->  this machine's network addresses to choose from,
                                                          each marked reachable or not: an app listening on
                                                          localhost only cannot be reached from anywhere else
    RASP_PUBLIC_URL set                                ->  offered first (the deployment's own public address)

A QR code is never shown for an address without saying whether a phone can reach it.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

QUESTIONNAIRE_PATH = "Questionnaire"  # the URL path Streamlit gives pages/13_Questionnaire.py
WILDCARDS = {"", "0.0.0.0", "::"}  # noqa: S104 - names for "every interface", compared, never bound
FIX_SETTING = "RASP_ADDRESS=0.0.0.0"
LOCALHOST_ONLY = (
    "The app is listening on localhost only, so phones and other computers cannot reach it: no address below "
    f"works from another device. Restart it with {FIX_SETTING} ./scripts/run (or `streamlit run dashboard.py "
    "--server.address 0.0.0.0`) so that it listens on the network."
)
NO_NETWORK = (
    "This machine has no network address, so phones cannot reach the app. Connect it to the room's network "
    "(or set RASP_PUBLIC_URL to an address people can reach) and reload this page."
)


@dataclass(frozen=True)
class JoinAddress:
    """A base address respondents could use (scheme, host, port and base path, no trailing slash)."""

    base: str
    reachable: bool
    why: str  # where it comes from, in plain words

    def link(self, token: str) -> str:
        """The questionnaire link for a collection link's token."""
        return f"{self.base}/{QUESTIONNAIRE_PATH}?link={token}"

    def short(self, token: str) -> str:
        """The same link as people type it: without 'http://' (phone browsers add it)."""
        return self.link(token).removeprefix("http://")


@dataclass(frozen=True)
class JoinPlan:
    choices: tuple[JoinAddress, ...]  # the first is the one to use unless the facilitator picks another
    warning: str | None  # why (some) choices cannot be reached, and the setting that fixes it

    def chosen(self, base: str | None) -> JoinAddress | None:
        """The choice with this base address, else the first reachable choice, else the first."""
        for c in self.choices:
            if c.base == base:
                return c
        return next((c for c in self.choices if c.reachable), self.choices[0] if self.choices else None)


def host_of(url: str | None) -> str:
    """The host part of an address ('' when there is none)."""
    try:
        return (urlsplit(url or "").hostname or "").strip("[]")
    except ValueError:
        return ""


def is_loopback(host: str) -> bool:
    """localhost, 127.x.x.x, ::1: an address that means 'this device' on every device."""
    if host.lower() in {"localhost", "localhost.localdomain"} or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _base(scheme: str, host: str, port: int | None, path: str) -> str:
    default = {"http": 80, "https": 443}.get(scheme)
    netloc = _url_host(host) + ("" if port in (None, default) else f":{port}")
    clean = path.strip("/")
    return f"{scheme}://{netloc}" + (f"/{clean}" if clean else "")


def join_plan(
    *,
    browser_url: str | None,
    server_address: str | None,
    port: int,
    base_path: str,
    public_url: str | None,
    network_addresses: Sequence[str],
) -> JoinPlan:
    """The addresses to offer for the questionnaire, reachable ones first.

    `browser_url` is the address the facilitator's browser used; `server_address` and `port` are what the app
    listens on (`server_address` None or '' or 0.0.0.0 means every interface); `network_addresses` are this
    machine's addresses (loopback ones are ignored)."""
    choices: list[JoinAddress] = []
    if public_url:
        choices.append(JoinAddress(public_url.rstrip("/"), True, "the public address set by RASP_PUBLIC_URL"))
    host = host_of(browser_url)
    if host and not is_loopback(host):
        parts = urlsplit(browser_url or "")
        base = _base(parts.scheme or "http", host, parts.port, base_path)
        if all(c.base != base for c in choices):
            choices.append(JoinAddress(base, True, "the address this browser used to reach the app"))
        return JoinPlan(tuple(choices), None)
    listen = (server_address or "").strip().strip("[]")
    everywhere = listen in WILDCARDS
    found = [a for a in network_addresses if a and not is_loopback(a)]
    for address in found:
        reachable = everywhere or address == listen
        choices.append(
            JoinAddress(
                _base("http", address, port, base_path),
                reachable,
                "a network address of this machine" if reachable else "not reachable: the app does not listen here",
            )
        )
    choices.sort(key=lambda c: not c.reachable)  # stable: reachable first, in the order found
    if any(c.reachable for c in choices):
        return JoinPlan(tuple(choices), None)
    if is_loopback(listen) or (found and not everywhere):
        return JoinPlan(tuple(choices), LOCALHOST_ONLY if is_loopback(listen) else _elsewhere(listen))
    return JoinPlan(tuple(choices), NO_NETWORK)


def _elsewhere(listen: str) -> str:
    return (
        f"The app listens only on {listen}, which is not one of this machine's network addresses, so phones "
        f"cannot reach it. Restart it with {FIX_SETTING} so that it listens on every network address."
    )


def machine_addresses() -> list[str]:
    """This machine's network addresses, IPv4 first; loopback and link-local IPv6 (unusable in a link) left out."""
    import psutil  # type: ignore[import-untyped, unused-ignore]  # only the pages that show a QR code need it

    found: list[tuple[int, str]] = []
    for entries in psutil.net_if_addrs().values():
        for entry in entries:
            if entry.family not in (socket.AF_INET, socket.AF_INET6):
                continue
            text = str(entry.address).split("%")[0]
            try:
                ip = ipaddress.ip_address(text)
            except ValueError:
                continue
            if ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast:
                continue
            found.append((ip.version, text))
    return _unique(t for _, t in sorted(found, key=lambda f: f[0]))


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
