"""Each request is one structured log line: request id, user, agency, view, status, duration,
and the action it took; never the query string."""

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.organisations.roles import Role


def events(caplog, name):
    return [r.msg for r in caplog.records if isinstance(r.msg, dict) and r.msg["event"] == name]


@pytest.fixture
def info_logs(caplog):
    caplog.set_level("INFO", logger="django_structlog")
    return caplog


@pytest.mark.django_db(transaction=True)
def test_an_office_request_is_logged_with_user_agency_view_and_action(
    role_users, tree, login, info_logs
):
    admin = role_users[Role.ADMIN]
    client = login(Client(), admin)
    info_logs.clear()
    data = {"form": "agency", "name": tree["county"].name, "phone": "0750-7654321"}
    assert client.post(reverse("office:agency"), data).status_code == 302
    (line,) = events(info_logs, "request_finished")
    assert line["request"] == "POST /office/agency/"
    assert line["code"] == 302 and line["view"] == "office:agency"
    assert line["user_id"] == admin.pk and line["agency"] == "county"
    assert line["action"] == AuditEntry.objects.latest("seq").action == "agency.update"
    assert len(line["request_id"]) == 36 and line["duration_ms"] >= 0


@pytest.mark.django_db
def test_the_query_string_is_not_logged(info_logs):
    Client().get("/search/?q=张三 身份证")
    (line,) = events(info_logs, "request_finished")
    assert line["request"] == "GET /search/" and line["view"] == "catalog_portal:search"
    assert "张三" not in str([r.msg for r in info_logs.records])
