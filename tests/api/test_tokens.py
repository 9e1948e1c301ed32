"""API tokens: stored hashed, shown once, scoped to an agency subtree and to actions, expiring,
revocable, rate-limited, every call audited — and the policy decides for a token as for a
person."""

import datetime as dt
import itertools
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from gongkai.accounts.system import SYSTEM
from gongkai.api import actions, tokens
from gongkai.api.auth import actor_for
from gongkai.api.models import ApiToken
from gongkai.audit.models import AuditEntry
from gongkai.organisations import policy
from gongkai.organisations.models import Agency
from gongkai.organisations.roles import TOKEN_SCOPES, Action

pytestmark = pytest.mark.django_db
STATUS = "/api/v1/requests/NOPE-1?agency={code}"


def make(code="demo-county", scopes=("request.status",), **kwargs):
    agency = Agency.objects.get(code=code)
    return actions.create_token(
        actor=SYSTEM, agency=agency, name="测试系统", scopes=scopes, **kwargs
    )


def call(path, text, **headers):
    return Client().get(path, headers={"Authorization": f"Bearer {text}", **headers})


def chinese(response):
    body = response.json()
    assert re.search(r"[\u4e00-\u9fff]", body["message"]), body
    return body


def test_the_token_is_stored_only_as_its_hash(api_db):
    token, text = make()
    assert text.startswith(f"gk_{token.prefix}_") and len(text) > 40
    row = ApiToken.objects.get(pk=token.pk)
    assert row.secret_hash == tokens.digest(text) and text not in str(row.__dict__)
    secret = text.rsplit("_", 1)[1]
    # Nowhere in the database: not in its row, not in the audit entry of its creation.
    entry = AuditEntry.objects.filter(action="api.token_create", object_id=str(token.pk)).get()
    assert secret not in str(entry.changes) and secret not in entry.note


def test_missing_invalid_expired_and_revoked_are_401_in_chinese(api_db):
    path = STATUS.format(code="demo-county")
    missing = Client().get(path)
    assert missing.status_code == 401 and chinese(missing)["code"] == "token_missing"
    assert missing["WWW-Authenticate"].startswith("Bearer")
    token, text = make()
    for bad in ("nonsense", text[:-2] + "xx", "gk_00000000_abc"):
        response = call(path, bad)
        assert response.status_code == 401 and chinese(response)["code"] == "token_invalid"
    basic = Client().get(path, headers={"Authorization": "Basic abc"})
    assert basic.status_code == 401
    expired, expired_text = make(days=1, now=timezone.now() - dt.timedelta(days=2))
    response = call(path, expired_text)
    assert response.status_code == 401 and chinese(response)["code"] == "token_expired"
    actions.revoke_token(actor=SYSTEM, token=token)
    response = call(path, text)
    assert response.status_code == 401 and chinese(response)["code"] == "token_revoked"


def test_wrong_agency_and_wrong_scope_are_403(api_db):
    _, text = make("demo-county", scopes=("request.status",))
    # The agency itself and a unit below it: allowed (404: no such reference there).
    assert call(STATUS.format(code="demo-county"), text).status_code == 404
    assert call(STATUS.format(code="demo-county-edu"), text).status_code == 404
    for other in ("demo-river", "demo-city"):
        response = call(STATUS.format(code=other), text)
        assert response.status_code == 403 and chinese(response)["code"] == "permission_denied"
    _, intake_only = make("demo-county", scopes=("request.intake",))
    response = call(STATUS.format(code="demo-county"), intake_only)
    assert response.status_code == 403 and chinese(response)["code"] == "permission_denied"


def test_every_call_is_audited_without_personal_data_or_query(api_db):
    token, text = make()
    before = AuditEntry.objects.filter(action="api.call").count()
    call(STATUS.format(code="demo-county"), text)
    call(STATUS.format(code="demo-river"), text)
    rows = list(AuditEntry.objects.filter(action="api.call").order_by("seq"))[before:]
    assert [r.changes["status"][1] for r in rows] == [404, 403]
    assert all(r.object_id == str(token.pk) and r.actor_id is None for r in rows)
    assert all("agency=" not in r.note and r.note.startswith("GET /api/v1/") for r in rows)
    assert token.prefix in rows[0].actor_label
    # A made-up token proves nothing and writes nothing.
    call(STATUS.format(code="demo-county"), "gk_00000000_made-up")
    assert AuditEntry.objects.filter(action="api.call").count() == before + 2


def test_rate_limit_per_token(api_db, settings):
    from django.core.cache import caches

    caches["limits"].clear()
    settings.GONGKAI_API_CALLS_PER_MINUTE = 2
    _, text = make()
    _, other = make()
    path = STATUS.format(code="demo-county")
    assert [call(path, text).status_code for _ in range(3)] == [404, 404, 429]
    limited = call(path, text)
    assert chinese(limited)["code"] == "rate_limited" and limited["Retry-After"]
    assert call(path, other).status_code == 404  # counted per token


def test_token_details_are_checked(api_db):
    county = Agency.objects.get(code="demo-county")
    for kwargs, words in (
        ({"scopes": ["request.handle"]}, "权限范围"),
        ({"scopes": []}, "至少"),
        ({"scopes": ["request.status"], "days": 0}, "有效期"),
        ({"scopes": ["request.status"], "name": " "}, "名称"),
    ):
        arguments = {"name": "x", **kwargs}
        with pytest.raises(actions.TokenError, match=words):
            actions.create_token(actor=SYSTEM, agency=county, **arguments)


def test_only_operators_manage_tokens(api_db):
    from gongkai.accounts.models import User

    county = Agency.objects.get(code="demo-county")
    for username in ("head", "admin"):
        person = User.objects.filter(username=username).first()
        if person is None:
            continue
        with pytest.raises(policy.Denied):
            actions.create_token(actor=person, agency=county, name="x", scopes=["request.status"])
    operator = User.objects.get(username="operator")
    token, _ = actions.create_token(
        actor=operator, agency=county, name="x", scopes=["request.status"]
    )
    actions.revoke_token(actor=operator, token=token)
    with pytest.raises(actions.TokenError):
        actions.revoke_token(actor=operator, token=token)


def test_the_policy_decides_for_a_token_and_its_query_twin_agrees(api_db):
    token, _ = make("demo-county", scopes=[a.value for a in TOKEN_SCOPES])
    actor = actor_for(token)
    agencies = list(Agency.objects.all())
    for action in Action:
        listed = set(policy.agencies_where(actor, action))
        for agency in agencies:
            assert policy.can(actor, action, agency) == (agency in listed), (action, agency)
    county = Agency.objects.get(code="demo-county")
    assert {a for a in Action if policy.can(actor, a, county)} == set(TOKEN_SCOPES)
    assert not policy.platform_can(actor, Action.MANAGE_API_TOKENS)
    # A scope outside the token table, written into the row by hand, grants nothing.
    token.scopes = ["people.manage", "request.handle"]
    forged = actor_for(token)
    assert not any(policy.can(forged, a, county) for a in itertools.chain(Action))


def test_cli_creates_lists_and_revokes(api_db, capsys):
    from gongkai.cli import main

    assert main(["api", "token", "create", "--agency", "demo-county", "--scope", "request.intake",
                 "--scope", "request.status", "--name", "12345热线", "--expires", "30"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    text = re.search(r"gk_[0-9a-f]{8}_\S+", out).group(0)
    token = ApiToken.objects.get(prefix=text[3:11])
    assert token.scopes == ["request.intake", "request.status"]
    assert main(["api", "token", "list"]) == 0
    listed = capsys.readouterr().out
    assert token.prefix in listed and text not in listed and "有效" in listed
    assert main(["api", "token", "revoke", str(token.pk)]) == 0
    assert main(["api", "token", "revoke", str(token.pk)]) == 1
    assert "已于" in capsys.readouterr().err
    assert (
        main(["api", "token", "create", "--agency", "demo-county", "--scope", "x", "--name", "n"])
        == 1
    )
    assert "权限范围" in capsys.readouterr().err
    assert call(STATUS.format(code="demo-county"), text).status_code == 401


def test_migrations_are_in_step(api_db):
    call_command("makemigrations", "api", "requests", check=True, dry_run=True, verbosity=0)
