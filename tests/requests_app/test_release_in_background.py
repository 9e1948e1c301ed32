"""The released copy burnt in by a background task (issue 14): the marking answers at once,
the old copy is never given out meanwhile, a marking made during a burn wins."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.cli import main
from gongkai.requests.actions import release as release_actions
from gongkai.requests.models import ReleaseFile

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def mark(client, req, release, areas):
    return client.post(
        reverse("requests_office:release", args=[req.pk, release.pk]),
        {"areas": json.dumps(areas)},
        follow=True,
    )


@pytest.mark.django_db(transaction=True)
def test_the_copy_is_made_by_the_worker_and_the_page_says_so_meanwhile(
    office, registered, login, pdf_with_personal_data
):
    req = registered()
    client = login(Client(), office["clerk"])
    with override_settings(TASKS=DB_BACKEND):
        client.post(
            reverse("requests_office:release_upload", args=[req.pk]),
            {"document": SimpleUploadedFile("公示.pdf", pdf_with_personal_data)},
        )
        release = ReleaseFile.objects.get()
        page = mark(client, req, release, release.areas).content.decode()
        release.refresh_from_db()
        assert release.copy_status == "queued" and not release.redacted
        assert "正在后台生成公开版本" in page
        assert main(["worker", "--once"]) == 0
    release.refresh_from_db()
    assert release.copy_status == "ready" and release.redacted
    assert AuditEntry.objects.filter(action="request.release_ready").count() == 1
    page = client.get(reverse("requests_office:release", args=[req.pk, release.pk]))
    assert "下载公开版本" in page.content.decode()


@pytest.mark.django_db
def test_a_new_marking_removes_the_old_copy_and_a_stale_burn_is_discarded(
    office, registered, login, pdf_with_personal_data
):
    req = registered()
    client = login(Client(), office["clerk"])
    client.post(
        reverse("requests_office:release_upload", args=[req.pk]),
        {"document": SimpleUploadedFile("公示.pdf", pdf_with_personal_data)},
    )
    release = ReleaseFile.objects.get()
    mark(client, req, release, release.areas)  # the test backend burns in line
    release.refresh_from_db()
    assert release.copy_status == "ready" and release.revision == 1
    # Marked again while the worker is slow: the first copy is gone at once, so it cannot be
    # downloaded, and the burn of the earlier revision, finishing late, keeps nothing.
    with override_settings(TASKS=DB_BACKEND):
        release = release_actions.redact(
            actor=office["clerk"], release=release, areas=release_actions.parse_areas([])
        )
    assert release.revision == 2 and not release.redacted and release.copy_status == "queued"
    download = client.get(reverse("requests_office:release_download", args=[req.pk, release.pk]))
    assert download.status_code == 403
    assert release_actions.burn(release.pk, 1) == "skipped"
    assert release_actions.burn(release.pk, 2) == "ready"
    assert release_actions.burn(release.pk, 2) == "skipped"  # a rerun repeats nothing
    release.refresh_from_db()
    assert release.redacted and release.areas == []
