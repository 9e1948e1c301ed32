"""How many online requests one client may submit per hour (``GONGKAI_SUBMISSIONS_PER_HOUR``).

Counted by django-ratelimit in the shared ``limits`` cache (config/cache.py makes its increment
atomic on the database; Redis increments atomically), per real client address
(client_address.py), so every worker process and every proxy hop sees one count.
Only valid submissions use up the allowance: a form sent back for a typo costs nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging

from django.conf import settings
from django_ratelimit.core import get_usage

from gongkai.client_address import client_address

GROUP = "requests.submit_online"
logger = logging.getLogger(__name__)


def _rate(group, request) -> str:
    return f"{settings.GONGKAI_SUBMISSIONS_PER_HOUR}/h"


def _client_key(group, request) -> str:
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        parsed = None
    if isinstance(parsed, ipaddress.IPv6Address):
        # One IPv6 subscriber holds a whole /64; counting single addresses would let one
        # person submit from 2^64 of them.
        address = str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    # Only a keyed hash reaches the cache: the count needs to tell clients apart, not to say
    # who they are.
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def _usage(request, *, increment: bool) -> dict | None:
    """The client's count this hour, or None when it cannot be counted. A request for
    information is a legal right and the limit only guards against abuse, so an unreachable
    counter (Redis down) lets the submission through and says so in the log, rather than
    refusing every citizen or failing the page."""
    try:
        return get_usage(
            request, group=GROUP, key=_client_key, rate=_rate, method="POST", increment=increment
        )
    except Exception:
        logger.exception("在线申请限流计数不可用，本次提交未计数")
        return None


def exhausted(request) -> bool:
    """The client has no submission left this hour (nothing is counted)."""
    usage = _usage(request, increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


def take(request) -> bool:
    """Use one submission of the client's allowance; False when none was left. The check and
    the count are one atomic increment, so parallel submissions cannot both take the last."""
    usage = _usage(request, increment=True)
    return usage is None or not usage["should_limit"]
