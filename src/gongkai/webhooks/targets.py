"""Where a subscription may send (plain Python): against server-side request forgery.

Only ``http``/``https`` addresses without credentials in them. ``GONGKAI_WEBHOOK_HOSTS`` lists the
receivers allowed (host names, addresses, networks such as ``10.20.0.0/16``); when it is set,
nothing else is. When it is empty any receiver is allowed except the machine itself and the
link-local, multicast and reserved ranges (a cloud's metadata service at 169.254.169.254), which
only a listed entry opens. The check runs when the subscription is saved and again before every
attempt, on every address the name resolves to then; the sender follows no redirect and uses no
proxy, so the address checked is the address reached.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

MAX_URL = 500
Resolver = Callable[[str, int], list[str]]


def resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({info[4][0] for info in infos})


def _networks(allowed: Sequence[str]):
    names, networks = set(), []
    for entry in allowed:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            names.add(entry.lower().rstrip("."))
    return names, networks


def _special(address) -> bool:
    return (
        address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_unspecified
        or address.is_reserved
    )


def refusal(url: str, *, allowed: Sequence[str], resolver: Resolver = resolve) -> str | None:
    """Why ``url`` may not receive deliveries, in Chinese, or None."""
    if len(url) > MAX_URL:
        return f"推送地址太长（最多 {MAX_URL} 个字符）。"
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return "推送地址的格式不正确。"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "推送地址须以 http:// 或 https:// 开头，并写明主机，如 https://12345.example.gov.cn/hooks。"
    if parts.username or parts.password:
        return "推送地址中不能含用户名或密码（会显示在页面上）；接收方请用签名验证来源。"
    host = parts.hostname.lower().rstrip(".")
    names, networks = _networks(allowed)
    if host in names:
        return None
    try:
        addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in resolver(host, port)]
    except (OSError, UnicodeError, ValueError):
        return f"无法解析推送地址的主机名“{host}”。"
    if not addresses:
        return f"无法解析推送地址的主机名“{host}”。"
    if allowed:
        if all(any(a in net for net in networks) for a in addresses):
            return None
        return f"推送地址的主机“{host}”不在允许的接收方（GONGKAI_WEBHOOK_HOSTS）之内。"
    for address in addresses:
        if _special(address):
            return (
                f"推送地址的主机“{host}”指向本机、链路本地或保留地址（{address}），不能接收推送；"
                "确需时请把它列入 GONGKAI_WEBHOOK_HOSTS。"
            )
    return None
