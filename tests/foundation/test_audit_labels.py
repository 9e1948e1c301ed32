"""The audit log's codes in words: every action in the source has a label, fields and values
read as Chinese, and the audit page pages through 50 entries at a time."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse

import gongkai
from gongkai.accounts.system import SYSTEM
from gongkai.audit import labels, log
from gongkai.audit.models import AuditEntry

SOURCE = Path(gongkai.__file__).parent
# ``audit.record(`` / ``log.record(``, then its ``action=`` argument (a literal, or a
# conditional between literals).
CALL = re.compile(r"\b(?:audit|log)\.record\((.*?)\baction=([^\n]*)", re.S)
NAME = re.compile(r'"([a-z_]+\.[a-z_]+)"')
# An entry for ``audit.record_many`` (or spread into ``record``): a mapping with an "action".
ENTRY = re.compile(r'"action":\s*"([a-z_]+\.[a-z_]+)"')


def _recorded_actions() -> set[str]:
    found = set()
    for path in SOURCE.rglob("*.py"):
        for match in CALL.finditer(path.read_text(encoding="utf-8")):
            names = NAME.findall(match.group(2))
            assert names, f"{path}: audit action is not a literal: {match.group(2).strip()}"
            found.update(names)
        found.update(ENTRY.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_action_the_source_records_has_a_chinese_label():
    used = _recorded_actions()
    assert len(used) > 40  # the scan really finds the calls
    assert {"request.delivery", "user.activate", "user.deactivate"} <= used
    missing = sorted(used - set(labels.ACTIONS))
    assert not missing, f"actions without a label in gongkai/audit/labels.py: {missing}"
    stale = sorted(set(labels.ACTIONS) - used)
    assert not stale, f"labels for actions nothing records: {stale}"
    assert all(re.search(r"[\u4e00-\u9fff]", text) for text in labels.ACTIONS.values())


def _literal_fields() -> set[str]:
    """Field names written in the source's ``changes={...}``, ``diff(before, {...})`` and
    ``field_values(obj, (...))`` of audit calls."""
    found = set()
    patterns = (
        re.compile(r"changes=\{(.*?)\}\s*[,)]", re.S),
        re.compile(r"audit\.diff\(\s*\w+,\s*\{(.*?)\}\s*,?\s*\)", re.S),
        re.compile(r"field_values\(\w+,\s*\((.*?)\)\)", re.S),
    )
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "audit" not in text:
            continue
        for pattern in patterns:
            for block in pattern.findall(text):
                found.update(re.findall(r'"([a-z_]+)"(?:\s*[:,)]|\s*$)', block))
    return found


def test_every_audited_field_has_a_chinese_label():
    from gongkai.appeals.actions import AUDITED_FIELDS as APPEAL
    from gongkai.catalog.actions import AUDITED as RECORD
    from gongkai.organisations.actions import AGENCY_FIELDS
    from gongkai.organisations.actions.accounts import USER_FIELDS
    from gongkai.requests.actions import AUDITED_FIELDS as REQUEST

    literal = _literal_fields()
    assert {"delivery_method", "release", "attachments", "failed_attempts"} <= literal
    fields = literal | set(APPEAL) | set(RECORD) | set(AGENCY_FIELDS) | set(USER_FIELDS)
    fields |= set(REQUEST)
    missing = sorted(f for f in fields if f not in labels.FIELDS)
    assert not missing, f"fields without a label in gongkai/audit/labels.py: {missing}"


def test_values_read_as_words_dates_and_lists_never_python_text():
    lines = labels.changes(
        "request.transition",
        {
            "outcome": [None, "partially_disclosed"],
            "state": ["processing", "closed"],
            "extended": [False, True],
            "due_on": ["2026-12-01", "2026-12-30"],
        },
    )
    text = [f"{c.field}：{c.before} → {c.after}" for c in lines]
    assert text == [
        "处理结果：— → 部分公开",
        "状态：办理中 → 已办结",
        "已延期：否 → 是",
        "答复期限：2026-12-01 → 2026-12-30",
    ]
    # The same code means something else in another context.
    assert labels.value_text("catalog.transition", "state", "submitted") == "待保密审查"
    assert labels.value_text("request.transition", "state", "submitted") == "待确认"
    # A stored UTC moment in Beijing time; a list joined; a dict as words.
    assert labels.value_text("catalog.update", "published_at", "2026-12-01T21:30:00+00:00") == (
        "2026-12-02 05:30"
    )
    assert labels.value_text("catalog.seed_categories", "categories", ["a", "b"]) == "a、b"
    assert labels.value_text("role.assign", "role", "handler") == "申请办理人"
    shown = labels.value_text("calendar.save_year", "data", {"source": "国务院办公厅"})
    assert shown == "来源：国务院办公厅" and "{" not in shown
    assert labels.action_label("catalog.transition", "submit") == "提交保密审查"
    assert labels.action_label("request.create", "submit") == "网上提交申请"
    assert labels.action_label("request.delivery") == "记录送达"
    assert labels.action_label("report.submit", "submit") == "报送年度报告"  # no raw step code
    figures = labels.value_text(
        "report.draft", "manual", {"proactive.administrative_license.decisions": {"value": 12}}
    )
    assert figures.endswith("：12") and "行政许可" in figures and "proactive" not in figures


def test_a_long_value_is_cut_on_the_page_and_kept_whole_behind_it():
    (change,) = labels.changes("catalog.update", {"body": ["", "长" * 500]})
    assert change.long and change.after == "长" * 500
    assert change.after_short.endswith("…（共 500 字）") and len(change.after_short) < 80


def _fill_to(total: int) -> None:
    with transaction.atomic():
        for n in range(total - AuditEntry.objects.count()):
            log.record(
                actor=SYSTEM,
                action="calendar.save_year",
                object_type="workdays.year",
                object_id=str(2000 + n),
                object_repr=f"{2000 + n} 年",
                changes={"source": [None, "国务院办公厅"]},
            )


@pytest.mark.django_db
def test_the_audit_page_shows_50_entries_a_page_in_words(client, login, make_user, tree):
    operator = make_user(superuser=True, username="operator")
    _fill_to(120)
    login(client, operator)
    url = reverse("office:audit")
    first = client.get(url).text
    assert first.count("<time datetime=") == 50
    assert "第 1 / 3 页，共 120 条" in first
    assert "保存节假日安排" in first and "来源</span>：— → 国务院办公厅" in first
    assert "calendar.save_year" not in first and "{'" not in first
    third = client.get(url, {"page": 3}).text
    assert third.count("<time datetime=") == 20
    assert client.get(url, {"page": "x"}).status_code == 200  # a bad page number is page 1
    # Filtered by kind: the agencies the tree made, not the calendar.
    agencies = client.get(url, {"kind": "agency"}).text
    assert "新建机关" in agencies and "保存节假日安排" not in agencies
    assert (
        agencies.count("<time datetime=")
        == AuditEntry.objects.filter(action__startswith="agency.").count()
    )


@pytest.mark.django_db
def test_the_audit_page_shows_times_in_beijing_time(client, login, make_user, tree):
    operator = make_user(superuser=True, username="operator")
    login(client, operator)
    entry = AuditEntry.objects.order_by("-seq").first()
    page = client.get(reverse("office:audit")).text
    local = entry.at.astimezone(dt.timezone(dt.timedelta(hours=8)))
    assert local.strftime("%Y-%m-%d %H:%M") in page
