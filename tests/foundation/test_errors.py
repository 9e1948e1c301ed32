"""The one error vocabulary (gongkai.errors): every refusal has its own code, a status and a
Chinese message, and each surface — API, pages, command line — answers it the same way."""

import importlib
import json
import pkgutil
import re
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import path

import gongkai
from gongkai import cli, errors
from gongkai.api.urls import api
from gongkai.catalog.domain.workflow import IllegalTransition
from gongkai.organisations.policy import Denied
from gongkai.requests.actions import DuplicateSubmission

CJK = re.compile(r"[\u4e00-\u9fff]")
CODE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")


def _every_error_class() -> list[type[errors.GongkaiError]]:
    for module in pkgutil.walk_packages(gongkai.__path__, "gongkai."):
        if ".migrations" in module.name or module.name == "gongkai.__main__":
            continue
        importlib.import_module(module.name)
    return errors.all_errors()


def test_every_error_has_its_own_code_a_status_and_a_chinese_message():
    classes = _every_error_class()
    # The families and the refusals of every context are found (not just the base module's).
    assert {DuplicateSubmission, IllegalTransition, Denied, errors.StaleEdit} <= set(classes)
    assert len(classes) > 30
    codes = {}
    for cls in classes:
        name = f"{cls.__module__}.{cls.__qualname__}"
        assert "code" in cls.__dict__ and CODE.fullmatch(cls.code), name
        assert cls.code not in codes, f"{name} and {codes.get(cls.code)} share {cls.code}"
        codes[cls.code] = name
        assert cls.status in {400, 401, 403, 404, 409, 500, 503}, name
        assert "message" in cls.__dict__ and CJK.search(cls.message), name


def test_every_code_is_in_the_architecture_table():
    table = (Path(gongkai.__file__).parents[2] / "docs" / "ARCHITECTURE.md").read_text("utf-8")
    missing = [c.code for c in _every_error_class() if f"| `{c.code}` | {c.status} |" not in table]
    assert missing == []


def test_an_error_keeps_the_message_it_was_raised_with_else_its_class_message():
    assert errors.InvalidStep("只能通过目录导入。").message == "只能通过目录导入。"
    assert str(errors.Conflict()) == errors.Conflict.message
    stale = errors.StaleEdit("申请")
    assert stale.status == 409 and stale.code == "stale_edit"
    assert "此申请刚被其他人修改过" in stale.message
    # The domain's errors are still ValueErrors for code written before the vocabulary.
    assert isinstance(IllegalTransition("x"), ValueError)


# --- the API ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "exc",
    [errors.StaleEdit("信息"), errors.NotFound("没有这个机关。"), errors.Unavailable()],
)
def test_the_api_answers_any_error_as_its_code_and_message(exc):
    response = api.on_exception(RequestFactory().get("/api/v1/records"), exc)
    assert response.status_code == exc.status
    assert json.loads(response.content) == {"code": exc.code, "message": exc.message}


@pytest.mark.django_db
def test_a_bad_cursor_through_the_api_is_its_code_in_chinese():
    response = Client().get("/api/v1/records", {"cursor": "nonsense"})
    assert response.status_code == 400
    assert response.json()["code"] == "bad_cursor"
    assert "游标无效" in response.json()["message"]


# --- the pages --------------------------------------------------------------------------------


def _refused(request):
    raise errors.InvalidStep("“发布”须先通过保密审查。")


def _denied(request):
    raise Denied("您没有发布的权限。")


def _fine(request):
    return HttpResponse("ok")


urlpatterns = [
    path("refused/", _refused),
    path("denied/", _denied),
    path("fine/", _fine),
]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_page_whose_refusal_no_view_caught_shows_it_with_its_status_not_a_500():
    client = Client(raise_request_exception=False)
    response = client.get("/refused/")
    assert response.status_code == 409
    page = response.content.decode()
    assert "“发布”须先通过保密审查。" in page and "invalid_step" in page
    assert "操作未执行" in page
    assert client.get("/fine/").content == b"ok"


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_refused_permission_stays_djangos_403_page():
    response = Client(raise_request_exception=False).get("/denied/")
    assert response.status_code == 403
    assert "您没有发布的权限。" in response.content.decode()


# --- the command line -------------------------------------------------------------------------


def test_the_cli_prints_a_refusal_and_exits_non_zero_without_a_traceback(monkeypatch, capsys):
    parser = cli.build_parser()
    step = parser._subparsers._group_actions[0].choices["catalog"]  # any command will do

    def refuse(args):
        raise errors.InvalidStep("此信息已发布，不能修改。")

    step.set_defaults(func=refuse)
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    code = cli.main(["catalog"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() == "错误：此信息已发布，不能修改。"
    assert "Traceback" not in err
