"""Page caching for the public portal. Keys carry the catalog's generation number (bumped
after each publish or withdrawal, in the database so every worker sees it) and the text-size
cookie; entries also expire after a minute so scheduled publications appear on time."""

from __future__ import annotations

import hashlib
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse

from .models import PortalGeneration

TTL_SECONDS = 60
LARGE_TEXT_COOKIE = "large_text"


def generation() -> int:
    return PortalGeneration.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def cached_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        raw = "|".join(
            [
                str(generation()),
                request.get_full_path(),
                request.COOKIES.get(LARGE_TEXT_COOKIE, ""),
            ]
        )
        key = "portal:" + hashlib.sha1(raw.encode()).hexdigest()
        hit = cache.get(key)
        if hit is not None:
            content, content_type, status = hit
            response = HttpResponse(content, content_type=content_type, status=status)
            response["X-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(key, (response.content, response["Content-Type"], 200), timeout=TTL_SECONDS)
        return response

    return wrapper
