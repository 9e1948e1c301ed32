"""Staff open what the applicant sent; a release file uploaded by mistake is removed before
the reply goes out."""

import datetime as dt
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.audit.log import entries_for
from gongkai.requests import actions
from gongkai.requests.actions.release import remove_release_file
from gongkai.requests.domain.redaction import RedactionError
from gongkai.requests.domain.workflow import Event
from gongkai.requests.models import ReleaseFile

pytestmark = pytest.mark.django_db


def _with_attachment(office, applicant, data):
    upload = SimpleUploadedFile("身份证复印件.pdf", data, "application/pdf")
    upload.sniffed_type = "application/pdf"
    req, _ = actions.register(
        actor=office["clerk"],
        agency=office["county"],
        data=applicant(),
        received_on=dt.date(2025, 9, 26),
        attachments=[upload],
    )
    return req


def test_handlers_open_the_applicants_files_and_supervisors_do_not(
    office, login, applicant_data, pdf_with_personal_data
):
    req = _with_attachment(office, applicant_data, pdf_with_personal_data)
    att = req.attachments.get()
    url = reverse("requests_office:attachment", args=[req.pk, att.pk])
    clerk = login(Client(), office["clerk"])
    page = clerk.get(reverse("requests_office:detail", args=[req.pk]))
    assert url in page.text
    got = clerk.get(url)
    assert got.status_code == 200 and got["Content-Type"] == "application/pdf"
    assert got["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(att.original_name)}"
    assert b"".join(got.streaming_content) == pdf_with_personal_data
    # The supervisor reads the request (masked) but not the applicant's papers.
    supervisor = login(Client(), office["supervisor"])
    assert supervisor.get(reverse("requests_office:detail", args=[req.pk])).status_code == 200
    assert supervisor.get(url).status_code == 403
    assert login(Client(), office["otherclerk"]).get(url).status_code in (403, 404)


def test_a_release_file_is_removed_before_the_reply_and_kept_after(
    office, registered, login, pdf_with_personal_data, django_capture_on_commit_callbacks
):
    req = registered()
    client = login(Client(), office["clerk"])
    for name in ("错传的文件.pdf", "公示.pdf"):
        client.post(
            reverse("requests_office:release_upload", args=[req.pk]),
            {"document": SimpleUploadedFile(name, pdf_with_personal_data, "application/pdf")},
        )
    wrong = ReleaseFile.objects.get(original_name="错传的文件.pdf")
    stored = Path(wrong.original.path)
    page = client.get(reverse("requests_office:detail", args=[req.pk]))
    remove_url = reverse("requests_office:release_remove", args=[req.pk, wrong.pk])
    assert remove_url in page.text and "确认删除" in page.text
    # A reader without the handling permission cannot remove it.
    assert login(Client(), office["supervisor"]).post(remove_url).status_code in (403, 404)
    assert ReleaseFile.objects.filter(pk=wrong.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove_url)
    assert response.status_code == 302
    assert list(req.releases.values_list("original_name", flat=True)) == ["公示.pdf"]
    entry = entries_for(req).filter(action="request.release_remove").get()
    assert entry.changes == {"release": ["错传的文件.pdf", None]}
    assert entry.actor_id == office["clerk"].pk
    assert not stored.exists()

    kept = req.releases.get()
    req = actions.transition(
        actor=office["clerk"],
        info_request=req,
        event=Event.REPLY,
        on=dt.date(2025, 10, 20),
        outcome="disclosed",
        today=dt.date(2025, 10, 20),
    )
    with pytest.raises(RedactionError, match="已答复"):
        remove_release_file(actor=office["clerk"], release=kept)
    page = client.get(reverse("requests_office:detail", args=[req.pk]))
    assert reverse("requests_office:release_remove", args=[req.pk, kept.pk]) not in page.text
