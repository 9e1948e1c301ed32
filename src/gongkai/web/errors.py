"""The pages' side of the error vocabulary (``gongkai.errors``).

Views that show a refusal beside the form catch the one they expect (``InvalidStep`` from a
workflow's action…) and render its ``message`` there. Whatever refusal no view catches reaches ``GongkaiErrorMiddleware``: a Chinese page with the error's own status (409 for
a step the workflow refuses, 400 for bad input…) instead of a 500. Refusals that are also
Django's own (``policy.Denied`` is a ``PermissionDenied``, ``BadParameter`` a ``BadRequest``) are
left to Django's handlers, which already answer them with their 403/400 pages.
"""

from __future__ import annotations

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.shortcuts import render

from gongkai.errors import GongkaiError

TITLES = {
    400: "请求有误",
    403: "没有权限",
    404: "未找到",
    409: "操作未执行",
    503: "服务暂时不可用",
}

_DJANGO_HANDLED = (PermissionDenied, BadRequest, SuspiciousOperation, Http404)


def error_page(request, exc: GongkaiError):
    return render(
        request,
        "error.html",
        {"title": TITLES.get(exc.status, "操作未能完成"), "error": exc},
        status=exc.status,
    )


class GongkaiErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if isinstance(exc, GongkaiError) and not isinstance(exc, _DJANGO_HANDLED):
            return error_page(request, exc)
        return None
