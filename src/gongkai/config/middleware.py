"""What every request passes through: its log line, a body limit, and no caching of
personal pages.

The body limit works from the Content-Length header alone, so an oversized upload is refused
before its first byte is read (gunicorn hands the body over lazily). A signed-in person's
office pages may carry release documents; everything else at most a public submission.
"""

from __future__ import annotations

import time

import structlog
from django.conf import settings
from django.shortcuts import render
from django_structlog import signals
from django_structlog.middlewares import RequestMiddleware

# Pages that show personal data to whoever holds the link or the session: the office, login,
# admin, and the public tracking of one request (with its reply letters).
NO_STORE_PREFIXES = ("/office/", "/accounts/", "/admin/", "/track/")

_STAFF_UPLOAD_PREFIXES = ("/office/", "/admin/")


class RequestLogMiddleware(RequestMiddleware):
    """django-structlog's request log, without the query string (a search may contain anything
    a visitor typed) and with the view, the agency worked in, and the duration."""

    @staticmethod
    def format_request(request) -> str:
        return f"{request.method} {request.path}"


def _started(sender, request, logger, log_kwargs, **kwargs):
    request._log_started = time.monotonic()
    log_kwargs.pop("user_agent", None)


def _finished(sender, request, logger, log_kwargs, response=None, **kwargs):
    # The failed signal sends ``exception`` instead of ``response``: one handler for both, or a
    # view's exception would become a TypeError inside the error handling itself.
    match = getattr(request, "resolver_match", None)
    if match is not None:
        log_kwargs["view"] = match.view_name
    agency = getattr(request, "_office_agency", None)  # set by office.session when looked up
    if agency is not None:
        log_kwargs["agency"] = agency.code
    started = getattr(request, "_log_started", None)
    if started is not None:
        log_kwargs["duration_ms"] = round((time.monotonic() - started) * 1000, 1)


signals.bind_extra_request_metadata.connect(_started, dispatch_uid="gongkai-log-started")
signals.bind_extra_request_finished_metadata.connect(_finished, dispatch_uid="gongkai-log-done")
signals.bind_extra_request_failed_metadata.connect(_finished, dispatch_uid="gongkai-log-failed")


def body_limit(request) -> int:
    """The largest body this request may carry, in bytes."""
    if request.path.startswith(_STAFF_UPLOAD_PREFIXES) and request.user.is_authenticated:
        return settings.GONGKAI_MAX_UPLOAD_BYTES
    return settings.GONGKAI_PUBLIC_BODY_BYTES


def _refuse(request, status: int, message: str):
    response = render(request, "body_refused.html", {"message": message}, status=status)
    # The unread body stays on the socket: close the connection rather than let the server
    # read it through to reach the next request.
    response["Connection"] = "close"
    return response


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        raw_length = meta.get("CONTENT_LENGTH") or ""
        chunked = "chunked" in meta.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and not raw_length:
            return _refuse(
                request,
                411,
                "请求没有注明内容长度（Content-Length），无法受理。请使用普通的网页表单提交。",
            )
        try:
            length = int(raw_length) if raw_length else 0
        except ValueError:
            length = -1
        if length < 0:
            return _refuse(request, 400, "请求的内容长度（Content-Length）无效。")
        limit = body_limit(request)
        if length > limit:
            structlog.get_logger(__name__).warning(
                "request_body_refused", content_length=length, limit=limit
            )
            return _refuse(
                request,
                413,
                f"提交的内容有 {length / 1048576:.1f} MB，超过了 {limit // 1048576} MB 的上限，"
                "未被接收。请减小或减少附件后重新提交。",
            )
        return self.get_response(request)


class NoStoreMiddleware:
    """Nothing a browser or proxy keeps of a page with personal data: not after logout, not on
    a shared computer at a service counter."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(NO_STORE_PREFIXES) and "no-store" not in response.get(
            "Cache-Control", ""
        ):
            response["Cache-Control"] = "no-store"
        return response
