"""The search index follows a publish through the outbox: an index that fails never turns the
committed publish into an error page, and the record is found once the index catches up.
CI runs this file on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gongkai.catalog import actions, search
from gongkai.catalog.search.postgres import PostgresBackend
from gongkai.catalog.search.sqlite import SqliteBackend
from gongkai.config.worker import run_worker
from gongkai.outbox.models import IndexChange, IndexStatus
from gongkai.outbox.sweep import sweep

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "示范县城区停车场收费标准调整方案"


@pytest.fixture
def index_fails_once(monkeypatch):
    """The search backend's first write raises, as an index that is down or locked would."""
    failures = []
    for cls in (SqliteBackend, PostgresBackend):
        original = cls.index

        def flaky(self, docs, original=original):
            if not failures:
                failures.append(len(docs))
                raise RuntimeError("搜索索引暂时不可用")
            return original(self, docs)

        monkeypatch.setattr(cls, "index", flaky)
    return failures


def _approved(office, draft):
    record = draft(title=TITLE)
    actions.submit(actor=office["publisher"], record=record)
    return actions.approve(actor=office["reviewer"], record=record, opinion="不涉密，同意公开。")


def _publish_through_the_page(office, login, record):
    client = login(Client(), office["publisher"])
    response = client.post(
        reverse("catalog_office:step", args=[record.pk]),
        {"event": "publish", "version": record.version, "note": ""},
    )
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    record.refresh_from_db()
    assert record.is_public and record.state == "published"
    return client


def _found() -> bool:
    return any(r.record.title == TITLE for r in search.search("停车场", search.Filters()).items)


def test_a_failing_index_delays_the_search_entry_and_the_worker_catches_up(
    office, draft, login, index_fails_once
):
    record = _approved(office, draft)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        client = _publish_through_the_page(office, login, record)
        assert IndexChange.objects.get(record_id=record.pk).status == IndexStatus.QUEUED
        assert not _found()
        run_worker(once=True)  # the first attempt meets the broken index
        change = IndexChange.objects.get(record_id=record.pk)
        assert index_fails_once and change.status == IndexStatus.QUEUED
        assert "搜索索引暂时不可用" in change.last_error and change.next_attempt_at > timezone.now()
        # The retry waits in the queue; once it is due the next worker run indexes the record.
        IndexChange.objects.update(next_attempt_at=timezone.now())
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_worker(once=True)
    assert IndexChange.objects.get(record_id=record.pk).status == IndexStatus.DONE
    assert _found(), connection.vendor
    page = client.get(reverse("catalog_portal:search"), {"q": "停车场"})
    # (the title comes back with the query term marked)
    assert page.status_code == 200 and "收费标准调整方案" in page.content.decode()


def test_with_the_immediate_backend_the_failure_stays_in_the_outbox_and_the_sweep_retries(
    office, draft, login, index_fails_once
):
    record = _approved(office, draft)
    _publish_through_the_page(office, login, record)  # indexing ran inline, failed, no 500
    change = IndexChange.objects.get(record_id=record.pk)
    assert change.status == IndexStatus.QUEUED and change.attempts == 1
    assert not _found()
    # The immediate backend cannot defer the retry: once it is due the sweep finds and runs it.
    earlier = timezone.now() - timezone.timedelta(minutes=5)
    IndexChange.objects.update(next_attempt_at=earlier, enqueued_at=earlier)
    assert sweep().index_changes == 1
    assert IndexChange.objects.get(record_id=record.pk).status == IndexStatus.DONE
    assert _found()


def test_a_withdrawal_leaves_the_index_through_the_outbox_too(office, published):
    record = published(title=TITLE)
    assert _found()
    actions.withdraw(actor=office["publisher"], record=record, reason="内容已过时")
    assert not _found()
    ops = list(IndexChange.objects.order_by("pk").values_list("op", "status"))
    assert ops == [("index", "done"), ("remove", "done")]
