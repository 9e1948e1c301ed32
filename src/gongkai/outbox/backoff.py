"""How long to wait before the next attempt: one rule for tasks and outbox rows alike."""

from __future__ import annotations

from datetime import timedelta


def retry_delay(attempt: int, backoff: int) -> timedelta:
    """The wait before attempt ``attempt + 1``: backoff, 2·backoff, 4·backoff … capped at a day."""
    return timedelta(seconds=min(backoff * 2 ** (attempt - 1), 24 * 3600))


def error_text(exc: BaseException, *, hide: str = "") -> str:
    """What the jobs page shows of a failure: its class and message, the address left out
    (SMTP refusals quote it, and operators see no personal data)."""
    text = f"{type(exc).__name__}: {exc}"
    if hide:
        text = text.replace(hide, "〔收件人〕")
    return text[:1000]
