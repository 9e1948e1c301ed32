"""A view's exception is logged and answered with the error page, not a second exception."""

from django.test import RequestFactory
from django_structlog import signals


def test_the_failed_request_signal_is_handled_without_a_response():
    request = RequestFactory().get("/office/")
    request._log_started = 0.0
    log_kwargs = {}
    signals.bind_extra_request_failed_metadata.send(
        sender=None, request=request, logger=None, exception=ValueError("x"), log_kwargs=log_kwargs
    )
    assert "duration_ms" in log_kwargs
