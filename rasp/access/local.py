"""Local mode (no identity provider configured): is this request from the machine itself?

Decided on the TCP peer address the server saw, never on what the client says: any request carrying a
forwarding header (X-Forwarded-For, Forwarded, X-Real-IP) came through a proxy, or claims to, and counts as
another device; so does a peer we cannot tell. Only a direct loopback connection is the machine itself.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

FORWARDING_HEADERS = frozenset({"x-forwarded-for", "forwarded", "x-real-ip", "x-forwarded-host"})


def is_machine_itself(peer: str | None, header_names: Iterable[str]) -> bool:
    """True only for a direct connection from a loopback address with no forwarding header."""
    if any(name.strip().lower() in FORWARDING_HEADERS for name in header_names):
        return False
    if not peer:
        return False
    try:
        address = ipaddress.ip_address(peer.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback
