"""The real client address of a request, the one function every limit uses (the public
submission limit through django-ratelimit, the login lockout through django-axes).

Behind the reverse proxy the README recommends, every request's TCP peer (``REMOTE_ADDR``) is
the proxy. ``X-Forwarded-For`` then says who the proxy talked to, but a client can send that
header too, so it is believed only when the peer is a trusted proxy (``GONGKAI_TRUSTED_PROXIES``),
and read from the right: each trusted proxy appends the address it saw, so the right-most entry
that is not itself a trusted proxy is the client. Entries left of it are the client's own claims.

It lives in ``config`` because it is deployment configuration read by two apps (accounts'
lockout and requests' limit), not part of either. (python-)ipware is not used: it matches the
header's trailing entries against a fixed, ordered proxy list and never looks at the TCP peer,
and it prefers public addresses, while an intranet's clients all have private ones; the stdlib
``ipaddress`` does the CIDR match here.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def _networks(ranges: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(r, strict=False) for r in ranges)


def _parse(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    # A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; they are the IPv4 address.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def client_address(request) -> str:
    """The client's address as text ("" when the server was reached without one, e.g. over a
    Unix socket with no trusted proxy configured)."""
    peer_text = request.META.get("REMOTE_ADDR", "") or ""
    peer = _parse(peer_text)
    networks = _networks(tuple(getattr(settings, "GONGKAI_TRUSTED_PROXIES", ())))

    def trusted(address: Address) -> bool:
        return any(address in network for network in networks)

    if peer is None:
        return peer_text.strip()
    if not networks or not trusted(peer):
        return str(peer)
    client = peer
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _parse(hop)
        if address is None:
            # A trusted proxy always writes a valid address; anything else came from the client
            # and says nothing reliable, so the last trusted hop is the best we know.
            break
        client = address
        if not trusted(address):
            break
    return str(client)
