"""Logging: one structlog pipeline for the platform's own events and for every stdlib logger.

``json`` writes one JSON object a line to stderr (for a log collector; the production default),
``plain`` a readable line (demo, tests, a developer's terminal). Chinese stays readable in both.
"""

from __future__ import annotations

import structlog

FORMATS = ("json", "plain")

_SHARED = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def configure(log_format: str, root_level: str, request_level: str) -> dict:
    """Configure structlog and return the dict for Django's LOGGING setting."""
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *_SHARED,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    renderer = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if log_format == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    tail = [structlog.processors.format_exc_info] if log_format == "json" else []
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structured": {
                "()": structlog.stdlib.ProcessorFormatter,
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    *tail,
                    renderer,
                ],
                "foreign_pre_chain": _SHARED,
            }
        },
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "structured"}},
        "root": {"handlers": ["stderr"], "level": root_level},
        "loggers": {
            # The request log is the operator's record of what happened.
            "django_structlog": {"level": request_level},
            # Django logs every 4xx/5xx itself; the request log already says it with more context.
            "django.request": {"level": "ERROR"},
        },
    }
