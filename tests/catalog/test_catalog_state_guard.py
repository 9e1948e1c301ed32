"""A record's state changes through the catalog's table; published versions never change."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.audit.models import AuditEntry
from gongkai.catalog import actions
from gongkai.catalog.actions.imports import import_records
from gongkai.catalog.domain.table_io import parse_rows
from gongkai.catalog.domain.workflow import Event, State, allowed_events
from gongkai.catalog.models import Record, RecordVersion
from gongkai.state_guard import StateWriteRefused
from gongkai.table_files import read_table

CATALOG = """索引号,标题,公开目录,文件类型,成文日期,发布日期,有效性,施行日期
01525502-03/2023-00001,示范县行政规范性文件甲,2-2,行政规范性文件,2023-03-01,2023-03-05,有效,2023-04-01
01525502-03/2023-00002,示范县行政规范性文件乙,2-2,行政规范性文件,2023-05-01,2023-05-08,有效,2023-06-01
"""


def test_update_or_save_of_the_state_is_refused(draft):
    record = draft()
    with pytest.raises(StateWriteRefused):
        Record.objects.filter(pk=record.pk).update(state="published")
    record.state = "published"
    with pytest.raises(StateWriteRefused):
        record.save()
    assert Record.objects.get(pk=record.pk).state == "draft"


def test_the_old_import_path_creating_a_published_record_is_refused(office, category):
    with pytest.raises(StateWriteRefused, match="新建"):
        Record.objects.create(
            agency=office["county"],
            category=category("14"),
            title="未经审查直接发布",
            doc_type="notice",
            formed_on=dt.date(2025, 1, 2),
            state="published",
            is_public=True,
        )
    assert not Record.objects.exists()


def test_a_published_version_is_never_rewritten(published):
    record = published()
    version = record.live
    version.data = version.data | {"title": "改过的标题"}
    with pytest.raises(StateWriteRefused, match="新的一版"):
        version.save()
    with pytest.raises(StateWriteRefused):
        RecordVersion.objects.filter(pk=version.pk).update(data={})
    assert RecordVersion.objects.get(pk=version.pk).data["title"] == record.title


def test_a_validity_change_is_a_new_version(office, published):
    record = published(
        doc_type="normative",
        validity="effective",
        effective_from=dt.date.today() - dt.timedelta(days=2),
        document_number="示府规〔2025〕1号",
    )
    first = record.live
    changed = actions.change_validity(
        actor=office["publisher"],
        record=record,
        validity="repealed",
        ended_on=timezone.localdate(),
        basis="示府规〔2025〕9号",
    )
    assert changed.live.number == first.number + 1
    assert (
        changed.live.data["validity"] == "repealed" and changed.live.data["title"] == record.title
    )
    assert RecordVersion.objects.get(pk=first.pk).data["validity"] == "effective"


def test_the_import_takes_each_record_through_the_table(office, tmp_path):
    path = tmp_path / "catalog.csv"
    path.write_text(CATALOG, encoding="utf-8")
    rows, errors = parse_rows(read_table(path), today=dt.date(2025, 12, 1))
    result = import_records(
        actor=office["publisher"], agency=office["county"], rows=rows, errors=errors
    )
    assert (result.imported, result.errors) == (2, [])
    records = list(Record.objects.order_by("index_number"))
    assert [r.state for r in records] == ["published", "published"]
    assert all(r.live.number == 1 and r.live.data["title"] == r.title for r in records)
    entries = AuditEntry.objects.filter(action="catalog.import")
    assert sorted(entries.values_list("transition", flat=True)) == ["import", "import"]
    assert {int(e.object_id) for e in entries} == {r.pk for r in records}


def test_a_person_cannot_take_the_import_step(office, draft):
    record = draft()
    with pytest.raises(actions.InvalidStep, match="只能通过目录导入"):
        actions.transition(actor=office["publisher"], record=record, event="import")
    assert Event.IMPORT not in allowed_events(State.DRAFT)
    assert Record.objects.get(pk=record.pk).state == "draft"
