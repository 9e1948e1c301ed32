import datetime as dt
import io
import json

import pdfplumber
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

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


# One empty page of 14,400 × 14,400 pt (the largest PDF allows); PDFium rebuilds the missing
# cross-reference table. Pictured at 150 dpi it would be a 2.7 GB bitmap.
def pages_of(*sizes: int) -> bytes:
    kids = " ".join(f"{3 + i} 0 R" for i in range(len(sizes)))
    pages = "".join(
        f"{3 + i} 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 {s} {s}] >> endobj\n"
        for i, s in enumerate(sizes)
    )
    return (
        "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        f"2 0 obj << /Type /Pages /Kids [{kids}] /Count {len(sizes)} >> endobj\n{pages}"
        "trailer << /Root 1 0 R >>\n%%EOF\n"
    ).encode()


HUGE_PAGE = pages_of(14400)


@pytest.mark.django_db
def test_a_page_too_large_to_picture_is_refused_at_upload(office, registered, login, settings):
    req = registered()
    client = login(Client(), office["clerk"])
    response = upload(client, req, HUGE_PAGE, name="巨幅.pdf")
    assert ReleaseFile.objects.count() == 0
    text = client.get(response["Location"]).content.decode()
    assert "第 1 页幅面过大（508×508 厘米）" in text and "25 百万像素" in text
    settings.GONGKAI_RELEASE_MAX_PAGE_PIXELS = 300_000_000  # an installation that allows it
    settings.GONGKAI_RELEASE_MAX_PAGES = 1
    assert upload(client, req, HUGE_PAGE + b"\n").status_code == 302
    release = ReleaseFile.objects.get()
    # Bounds lowered afterwards: the marking page says why instead of failing.
    settings.GONGKAI_RELEASE_MAX_PAGE_PIXELS = 25_000_000
    page = client.get(reverse("requests_office:release", args=[req.pk, release.pk]), follow=True)
    assert "无法标注此文件：第 1 页幅面过大" in page.content.decode()
    png = client.get(reverse("requests_office:release_page", args=[req.pk, release.pk, 1]))
    assert png.status_code == 404


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.django_db
def test_too_many_pages_and_pixel_bombs_are_refused_at_upload(office, registered, login, settings):
    req = registered()
    client = login(Client(), office["clerk"])
    settings.GONGKAI_RELEASE_MAX_PAGES = 1
    response = upload(client, req, pages_of(600, 600))
    assert "PDF 共 2 页，超过每个文件 1 页的上限" in (
        client.get(response["Location"]).content.decode()
    )
    bomb = io.BytesIO()
    Image.new("RGB", (6000, 4200)).save(bomb, "PNG")  # 25.2 million pixels, 100 KB compressed
    response = client.post(
        reverse("requests_office:release_upload", args=[req.pk]),
        {"document": SimpleUploadedFile("照片.png", bomb.getvalue(), "image/png")},
    )
    assert "图片为 6,000×4,200 像素，超过 25 百万像素的上限" in (
        client.get(response["Location"]).content.decode()
    )
    assert ReleaseFile.objects.count() == 0
