"""SMS backends, chosen by ``GONGKAI_SMS_BACKEND`` (a dotted path; see config/settings.py).

A backend is a class whose instances have ``send(to, text)``: ``to`` is the 11-digit mobile
number, ``text`` the message without its signature (``settings.GONGKAI_SMS_SIGN``). It raises
:class:`SmsError` (or an ``OSError``) when the message did not go out; the caller logs it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from .message import signed

log = logging.getLogger(__name__)


class SmsError(OSError):
    """The message did not reach the gateway, or the gateway refused it."""


def get_backend():
    return import_string(settings.GONGKAI_SMS_BACKEND)()


class FileBackend:
    """One file per message under ``GONGKAI_SMS_DIR`` (the demo's and the tests' default), so
    what an applicant would have received can be read without a gateway."""

    def send(self, to: str, text: str) -> None:
        folder = Path(settings.GONGKAI_SMS_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        now = dt.datetime.now(dt.UTC)
        # Names sort in the order the messages were sent (to the microsecond), and never clash.
        path = folder / f"{now:%Y%m%d-%H%M%S-%f}-{uuid.uuid4().hex[:8]}.txt"
        path.write_text(f"To: {to}\n\n{signed(text, settings.GONGKAI_SMS_SIGN)}\n", "utf-8")


class ConsoleBackend:
    """Printed to standard output (a developer's terminal), sent to nobody."""

    def send(self, to: str, text: str) -> None:
        print(f"[短信] {to}：{signed(text, settings.GONGKAI_SMS_SIGN)}", flush=True)


class DisabledBackend:
    """Production without a gateway: nothing is sent. The notice is still on the tracking
    page; the log says an SMS was due (without the number, which is personal data)."""

    def send(self, to: str, text: str) -> None:
        log.info("SMS not sent (no gateway configured): %s", text)


class GatewayBackend:
    """An HTTP gateway (the agency's 短信平台 or a provider's relay): POST of the JSON
    ``{"to", "text", "sign"}`` to ``GONGKAI_SMS_GATEWAY_URL`` with ``Authorization: Bearer
    GONGKAI_SMS_GATEWAY_TOKEN``; any 2xx answer is success. The timeout keeps a slow gateway
    from holding the request that triggered the notice."""

    timeout = 5.0

    def send(self, to: str, text: str) -> None:
        body = json.dumps(
            {"to": to, "text": text, "sign": settings.GONGKAI_SMS_SIGN}, ensure_ascii=False
        ).encode()
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if settings.GONGKAI_SMS_GATEWAY_TOKEN:
            headers["Authorization"] = f"Bearer {settings.GONGKAI_SMS_GATEWAY_TOKEN}"
        request = urllib.request.Request(
            settings.GONGKAI_SMS_GATEWAY_URL, data=body, headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            exc.close()  # it holds the answer's connection
            raise SmsError(f"SMS gateway answered HTTP {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError) as exc:
            raise SmsError(f"SMS gateway unreachable: {exc}") from exc
