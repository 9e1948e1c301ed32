"""Uploads to the library parsed in the background (issue 14): the upload answers at once, the
page shows the batch finishing, a zip of reports is opened, a killed worker loses nothing."""

import io
import uuid
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.models import AuditEntry
from gongkai.cli import main
from gongkai.reports.actions import uploads
from gongkai.reports.models import LibraryUpload, PublishedReport, UploadStatus

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
FIXTURES = ("yunfu-office-2022.txt", "baoshan-office-2020.txt", "zhongzhan-district-2019.txt")


def post(client, *files):
    return client.post(
        reverse("reports:upload"),
        {"files": [SimpleUploadedFile(name, data) for name, data in files]},
    )


def gbk_zip(members: dict[str, bytes]) -> bytes:
    """A zip as Windows' own compressor writes it on a Chinese system: member names in GBK,
    without the UTF-8 flag (Python's zipfile always flags non-ASCII names as UTF-8, so the
    names go in as ASCII placeholders of the same length and are swapped for their bytes)."""
    buf = io.BytesIO()
    swaps = {}
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, (name, data) in enumerate(members.items()):
            raw = name.encode("gbk")
            placeholder = f"{n:03d}".encode().ljust(len(raw), b"_")
            swaps[placeholder] = raw
            z.writestr(placeholder.decode(), data)
    out = buf.getvalue()
    for placeholder, raw in swaps.items():
        assert out.count(placeholder) == 2  # the local header and the central directory
        out = out.replace(placeholder, raw)
    return out


@pytest.mark.django_db(transaction=True)
def test_a_batch_answers_at_once_and_the_page_shows_it_finishing(
    region, login, fixture_bytes, task_queue
):
    """On each queue (the database, Redis): the worker parses what the upload queued."""
    client = login(Client(), region["supervisor"])
    response = post(client, *[(name, fixture_bytes(name)) for name in FIXTURES])
    assert response.status_code == 302
    # Nothing parsed yet: the files wait in the queue and the page says how far it is.
    assert PublishedReport.objects.count() == 0
    assert set(LibraryUpload.objects.values_list("status", flat=True)) == {"queued"}
    assert task_queue.statuses() == ["READY"] * 3
    page = client.get(response["Location"]).content.decode()
    assert "<strong>0/3</strong>" in page and 'http-equiv="refresh"' in page
    assert main(["worker", "--once"]) == 0
    assert task_queue.statuses() == ["SUCCESSFUL"] * 3
    page = client.get(response["Location"]).content.decode()
    assert "<strong>3/3</strong>" in page and "全部完成" in page
    assert 'http-equiv="refresh"' not in page
    assert PublishedReport.objects.count() == 3
    assert "云浮市人民政府办公室 2022 年度报告" in page
    # Each parse is the library's own action, audited as the person who uploaded.
    entries = AuditEntry.objects.filter(action="report.upload")
    assert entries.count() == 3 and {e.actor_id for e in entries} == {region["supervisor"].pk}
    assert AuditEntry.objects.filter(action="report.upload_queue").count() == 1
    # A parsed file is kept once, by its report; the queue's copy is gone.
    assert not any(u.file for u in LibraryUpload.objects.all())


@pytest.mark.django_db
def test_a_zip_of_reports_from_a_chinese_windows_is_opened(
    region, login, fixture_bytes, django_capture_on_commit_callbacks
):
    client = login(Client(), region["supervisor"])
    archive = gbk_zip(
        {
            "云浮/办公室2022年报.txt": fixture_bytes("yunfu-office-2022.txt"),
            "保山市政府办2020.txt": fixture_bytes("baoshan-office-2020.txt"),
            "__MACOSX/._保山市政府办2020.txt": b"junk",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, ("各单位年报.zip", archive))
    page = client.get(response["Location"]).content.decode()
    names = sorted(LibraryUpload.objects.values_list("file_name", flat=True))
    assert names == sorted(["办公室2022年报.txt", "保山市政府办2020.txt"])
    assert "<strong>2/2</strong>" in page and PublishedReport.objects.count() == 2


@pytest.mark.django_db
def test_a_zip_bomb_and_a_broken_zip_are_refused_unread(
    region, login, django_capture_on_commit_callbacks
):
    client = login(Client(), region["supervisor"])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.txt", b"0" * (51 * 1024 * 1024))
    assert len(buf.getvalue()) < 1024 * 1024
    page = client.get(post(client, ("bomb.zip", buf.getvalue()))["Location"]).content.decode()
    assert "“big.txt”超过 50 MB" in page
    assert LibraryUpload.objects.count() == 0
    # Cut short, a zip has no directory left: it is no zip of reports, and the parser says
    # what it is not.
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, ("broken.zip", buf.getvalue()[:2000]))
    page = client.get(response["Location"]).content.decode()
    assert "无法识别“broken.zip”" in page
    assert LibraryUpload.objects.get().status == UploadStatus.FAILED
    assert PublishedReport.objects.count() == 0


@pytest.mark.django_db
def test_a_killed_worker_loses_nothing_and_a_rerun_repeats_nothing(region, fixture_bytes):
    data = fixture_bytes("yunfu-office-2022.txt")
    files = [uploads.Incoming("a.txt", len(data), lambda: io.BytesIO(data))]
    with override_settings(TASKS=DB_BACKEND):  # queued, not parsed in line
        batch = uploads.queue_uploads(
            actor=region["supervisor"], within=region["city"], files=files
        )
    row = LibraryUpload.objects.get(batch=batch)
    # The worker claimed it and died: within the lease nobody takes it, after it one does.
    LibraryUpload.objects.filter(pk=row.pk).update(status="running", started_at=timezone.now())
    assert uploads.process(row.pk) == "skipped"
    LibraryUpload.objects.filter(pk=row.pk).update(
        started_at=timezone.now() - uploads.CLAIM_LEASE - timedelta(minutes=1)
    )
    assert uploads.process(row.pk) == UploadStatus.DONE
    assert uploads.process(row.pk) == "skipped"  # a retry of a finished task does nothing
    assert PublishedReport.objects.count() == 1


@pytest.mark.django_db
def test_the_same_file_twice_in_one_batch_is_kept_once(
    region, login, fixture_bytes, django_capture_on_commit_callbacks
):
    client = login(Client(), region["supervisor"])
    data = fixture_bytes("yunfu-office-2022.txt")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, ("a.txt", data), ("b.txt", data))
    client.get(response["Location"])
    statuses = list(LibraryUpload.objects.order_by("id").values_list("status", flat=True))
    assert statuses == ["done", "duplicate"] and PublishedReport.objects.count() == 1
    assert LibraryUpload.objects.get(file_name="b.txt").report == PublishedReport.objects.get()


@pytest.mark.django_db
def test_a_batch_is_shown_only_to_whom_may_see_its_library(region, login, fixture_bytes):
    data = fixture_bytes("yunfu-office-2022.txt")
    files = [uploads.Incoming("a.txt", len(data), lambda: io.BytesIO(data))]
    with override_settings(TASKS=DB_BACKEND):  # queued, not parsed in line
        batch = uploads.queue_uploads(
            actor=region["supervisor"], within=region["city"], files=files
        )
    assert uploads.batch_rows(region["supervisor"], batch).count() == 1
    assert uploads.batch_rows(region["outsider"], batch).count() == 0
    page = login(Client(), region["outsider"]).get(f"{reverse('reports:library')}?batch={batch}")
    assert "a.txt" not in page.content.decode()
    # A made-up or malformed batch id shows the library as usual.
    for value in (uuid.uuid4(), "not-a-uuid"):
        page = login(Client(), region["supervisor"]).get(
            f"{reverse('reports:library')}?batch={value}"
        )
        assert page.status_code == 200 and "解析进度" not in page.content.decode()


@pytest.mark.django_db
def test_an_uploader_whose_account_was_closed_meanwhile_gets_a_reason(region, fixture_bytes):
    data = fixture_bytes("yunfu-office-2022.txt")
    files = [uploads.Incoming("a.txt", len(data), lambda: io.BytesIO(data))]
    with override_settings(TASKS=DB_BACKEND):  # queued, not parsed in line
        batch = uploads.queue_uploads(
            actor=region["supervisor"], within=region["city"], files=files
        )
    row = LibraryUpload.objects.get(batch=batch)
    type(region["supervisor"]).objects.filter(pk=region["supervisor"].pk).update(is_active=False)
    assert uploads.process(row.pk) == UploadStatus.FAILED
    row.refresh_from_db()
    assert "停用" in row.error and row.file  # kept, so it can be uploaded again by someone
