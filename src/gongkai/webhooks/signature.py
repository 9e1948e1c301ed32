"""The signature a receiver checks (plain Python, so a receiver can copy it).

``X-Gongkai-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>``, the HMAC keyed by the
subscription's secret over ``<t>.`` followed by the body's bytes exactly as received. The time
is signed so that a receiver can refuse an old message replayed (``TOLERANCE``).
"""

from __future__ import annotations

import hashlib
import hmac

HEADER = "X-Gongkai-Signature"
DELIVERY_HEADER = "X-Gongkai-Delivery"
EVENT_HEADER = "X-Gongkai-Event"
TOLERANCE = 300  # seconds a receiver should accept between the signed time and its clock


def _mac(secret: str, timestamp: int, body: bytes) -> str:
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The header's value for ``body`` sent at ``timestamp``."""
    return f"t={timestamp},v1={_mac(secret, timestamp, body)}"


def verify(secret: str, header: str, body: bytes, *, now: int, tolerance: int = TOLERANCE) -> bool:
    """What a receiver does: the header parses, the time is recent and the HMAC matches."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs(now - timestamp) > tolerance or "v1" not in parts:
        return False
    return hmac.compare_digest(parts["v1"], _mac(secret, timestamp, body))
