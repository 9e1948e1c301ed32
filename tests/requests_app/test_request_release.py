import datetime as dt
import io
import json

import pdfplumber
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.requests import actions
from gongkai.requests.domain.workflow import Event
from gongkai.requests.models import ReleaseFile


def upload(client, req, data, name="公示.pdf"):
    return client.post(
        reverse("requests_office:release_upload", args=[req.pk]),
        {"document": SimpleUploadedFile(name, data, "application/pdf")},
    )


@pytest.mark.django_db
def test_upload_proposes_the_personal_data_found(office, registered, login, pdf_with_personal_data):
    req = registered()
    client = login(Client(), office["clerk"])
    response = upload(client, req, pdf_with_personal_data)
    release = ReleaseFile.objects.get()
    assert response.status_code == 302 and str(release.pk) in response["Location"]
    notes = " ".join(a["note"] for a in release.areas)
    assert "身份证号码" in notes and "手机号码" in notes
    assert all(a["ground"] == "third_party" for a in release.areas)
    page = client.get(reverse("requests_office:release", args=[req.pk, release.pk]))
    assert "标注不予公开的内容" in page.content.decode()
    png = client.get(reverse("requests_office:release_page", args=[req.pk, release.pk, 1]))
    assert png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"


@pytest.mark.django_db
def test_the_released_copy_has_no_text_and_the_letter_lists_what_was_withheld(
    office, registered, login, pdf_with_personal_data
):
    req = registered()
    client = login(Client(), office["clerk"])
    upload(client, req, pdf_with_personal_data)
    release = ReleaseFile.objects.get()
    areas = release.areas + [
        {"page": 1, "x0": 70, "y0": 60, "x1": 300, "y1": 90, "ground": "process_info", "note": ""}
    ]
    client.post(
        reverse("requests_office:release", args=[req.pk, release.pk]),
        {"areas": json.dumps(areas)},
    )
    release.refresh_from_db()
    assert release.redacted and len(release.areas) == len(areas)
    download = client.get(reverse("requests_office:release_download", args=[req.pk, release.pk]))
    data = b"".join(download.streaming_content)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert "".join(page.extract_text() or "" for page in pdf.pages).strip() == ""
    req = actions.transition(
        actor=office["clerk"],
        info_request=req,
        event=Event.REPLY,
        on=dt.date(2025, 10, 20),
        outcome="partially_disclosed",
        today=dt.date(2025, 10, 20),
    )
    grounds = {line["why"] for line in req.reply.withheld}
    assert any("第十五条" in why for why in grounds)
    assert any("第十六条第二款" in why for why in grounds)


@pytest.mark.django_db
def test_bad_areas_and_bad_files_are_refused_with_reasons(
    office, registered, login, pdf_with_personal_data
):
    req = registered()
    client = login(Client(), office["clerk"])
    response = upload(client, req, b"not a pdf at all", name="x.pdf")
    assert ReleaseFile.objects.count() == 0
    assert "格式不受支持" in client.get(response["Location"]).content.decode()
    upload(client, req, pdf_with_personal_data)
    release = ReleaseFile.objects.get()
    bad = [{"page": 9, "x0": 1, "y0": 1, "x1": 5, "y1": 5, "ground": "third_party"}]
    response = client.post(
        reverse("requests_office:release", args=[req.pk, release.pk]),
        {"areas": json.dumps(bad)},
        follow=True,
    )
    text = response.content.decode()
    assert "未生成公开版本" in text and "页码 9 超出范围" in text
    release.refresh_from_db()
    assert not release.redacted


@pytest.mark.django_db
def test_only_the_agencys_handlers_can_see_or_mark_the_documents(
    office, registered, login, pdf_with_personal_data
):
    req = registered()
    upload(login(Client(), office["clerk"]), req, pdf_with_personal_data)
    release = ReleaseFile.objects.get()
    for user in ("otherclerk", "supervisor"):
        client = login(Client(), office[user])
        url = reverse("requests_office:release_page", args=[req.pk, release.pk, 1])
        assert client.get(url).status_code in (403, 404)
