"""gongkai.notifications: which numbers take SMS, the file backend, the HTTP gateway against a
local server (no internet), and that no failure reaches the caller."""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail

from gongkai.notifications import sms
from gongkai.notifications.message import Message, mobile_number, segments, signed
from gongkai.notifications.send import send_to_applicant

GATEWAY = "gongkai.notifications.sms.GatewayBackend"
MESSAGE = Message(
    "您的政府信息公开申请已答复（county-2026-0001）", ["第一行", "", "第二行"], "李四"
)


@pytest.mark.parametrize(
    ("written", "mobile"),
    [
        ("13912345678", "13912345678"),
        ("+86 139-1234-5678", "13912345678"),
        ("0086 13912345678", "13912345678"),
        ("８６１３９１２３４５６７８", "13912345678"),
        ("0571-87654321", None),
        ("010-12345678", None),
        ("12912345678", None),
        ("1391234567", None),
        ("", None),
    ],
)
def test_only_mainland_mobile_numbers_take_sms(written, mobile):
    assert mobile_number(written) == mobile


def test_the_message_as_mail_and_as_sms():
    assert MESSAGE.body == "李四：\n\n第一行\n第二行\n"
    assert MESSAGE.sms_text == (
        "您的政府信息公开申请已答复（county-2026-0001）。详情请登录政府信息公开网站查询。"
    )
    assert segments("字" * 70) == 1 and segments("字" * 71) == 2 and segments("字" * 135) == 3
    assert signed("正文", "示范县") == "【示范县】正文"


def test_the_file_backend_writes_one_file_per_message(settings, tmp_path):
    settings.GONGKAI_SMS_DIR = tmp_path / "sms"
    assert send_to_applicant(email="", phone="139 1234 5678", message=MESSAGE) == ["sms"]
    send_to_applicant(email="", phone="13800000000", message=Message("第二条"))
    texts = sorted(p.read_text("utf-8") for p in (tmp_path / "sms").iterdir())
    assert texts == [
        f"To: 13800000000\n\n【政府信息公开】第二条。{'详情请登录政府信息公开网站查询。'}\n",
        f"To: 13912345678\n\n【政府信息公开】{MESSAGE.sms_text}\n",
    ]
    assert mail.outbox == []


class _Gateway:
    """A local HTTP server standing in for the SMS gateway: records what it was sent and
    answers with ``status``; with ``hold`` set it keeps the client waiting until released."""

    def __init__(self, status=200, hold=False):
        self.received = []
        self.release = threading.Event()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                gateway.received.append((dict(self.headers), self.rfile.read(length)))
                if hold:
                    gateway.release.wait(30)
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway_settings(settings):
    settings.GONGKAI_SMS_BACKEND = GATEWAY
    settings.GONGKAI_SMS_GATEWAY_TOKEN = "secret-token"
    settings.GONGKAI_SMS_SIGN = "示范县人民政府"
    return settings


def test_the_gateway_gets_the_json_and_the_token(gateway_settings):
    with _Gateway() as gateway:
        gateway_settings.GONGKAI_SMS_GATEWAY_URL = gateway.url
        sent = send_to_applicant(email="", phone="+8613912345678", message=MESSAGE)
    assert sent == ["sms"]
    [(headers, body)] = gateway.received
    assert headers["Authorization"] == "Bearer secret-token"
    assert headers["Content-Type"].startswith("application/json")
    assert json.loads(body) == {
        "to": "13912345678",
        "text": MESSAGE.sms_text,
        "sign": "示范县人民政府",
    }


def test_a_refusing_gateway_is_logged_not_raised(gateway_settings, caplog):
    with _Gateway(status=500) as gateway:
        gateway_settings.GONGKAI_SMS_GATEWAY_URL = gateway.url
        with caplog.at_level(logging.WARNING, logger="gongkai.notifications"):
            sent = send_to_applicant(email="lisi@example.com", phone="13912345678", message=MESSAGE)
    assert len(gateway.received) == 1
    assert sent == ["email"] and len(mail.outbox) == 1
    [record] = caplog.records
    assert "could not send SMS" in record.getMessage() and "county-2026-0001" in record.getMessage()
    assert "HTTP 500" in str(record.exc_info[1])
    assert "13912345678" not in caplog.text  # the number is personal data


def test_a_gateway_that_does_not_answer_times_out_and_is_logged(
    gateway_settings, caplog, monkeypatch
):
    monkeypatch.setattr(sms.GatewayBackend, "timeout", 0.2)
    with _Gateway(hold=True) as gateway:
        gateway_settings.GONGKAI_SMS_GATEWAY_URL = gateway.url
        with caplog.at_level(logging.WARNING, logger="gongkai.notifications"):
            sent = send_to_applicant(email="", phone="13912345678", message=MESSAGE)
    assert sent == []
    [record] = caplog.records
    assert isinstance(record.exc_info[1], sms.SmsError)
    assert "unreachable" in str(record.exc_info[1])


def test_an_unreachable_gateway_and_a_failing_mail_server_are_logged(
    gateway_settings, caplog, monkeypatch
):
    with _Gateway() as gateway:
        closed = gateway.url  # the server is gone once the block ends
    gateway_settings.GONGKAI_SMS_GATEWAY_URL = closed

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("gongkai.notifications.send.send_mail", refuse)
    with caplog.at_level(logging.WARNING, logger="gongkai.notifications"):
        sent = send_to_applicant(email="lisi@example.com", phone="13912345678", message=MESSAGE)
    assert sent == []
    assert [r.getMessage().split(":")[0] for r in caplog.records] == [
        "could not email the applicant",
        "could not send SMS to the applicant",
    ]


def test_a_landline_alone_gets_a_log_line_and_nothing_else(settings, tmp_path, caplog):
    settings.GONGKAI_SMS_DIR = tmp_path / "sms"
    with caplog.at_level(logging.INFO, logger="gongkai.notifications"):
        assert send_to_applicant(email="", phone="0571-87654321", message=MESSAGE) == []
    assert "no e-mail or mobile" in caplog.text and "county-2026-0001" in caplog.text
    assert mail.outbox == [] and not (tmp_path / "sms").exists()


def test_the_disabled_backend_sends_nothing_and_says_so(settings, caplog):
    settings.GONGKAI_SMS_BACKEND = "gongkai.notifications.sms.DisabledBackend"
    with caplog.at_level(logging.INFO, logger="gongkai.notifications"):
        send_to_applicant(email="", phone="13912345678", message=MESSAGE)
    assert "SMS not sent" in caplog.text and "13912345678" not in caplog.text


def test_the_console_backend_prints_the_signed_text(settings, capsys):
    settings.GONGKAI_SMS_BACKEND = "gongkai.notifications.sms.ConsoleBackend"
    send_to_applicant(email="", phone="13912345678", message=MESSAGE)
    assert capsys.readouterr().out == f"[短信] 13912345678：【政府信息公开】{MESSAGE.sms_text}\n"
