"""Uploads are judged by their bytes and stored under generated names with the extension of that
type, outside any served path (issue 12): ``poly.html`` holding ``%PDF-…<script>`` is kept as
``<uuid>.pdf``; its own name is only shown (escaped) and given back in Content-Disposition."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import Workbook

from gongkai import uploads
from gongkai.office import downloads

POLYGLOT = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n%%EOF\n"
HTML = b"<!doctype html><html><script>alert(1)</script></html>"


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, format="PNG")
    return out.getvalue()


def _saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _zip(*names: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in names:
            z.writestr(name, "<x/>")
    return out.getvalue()


def _ole(stream: str) -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + stream.encode("utf-16-le")


def stored_as(name: str, folder: str, extension: str) -> bool:
    return (
        re.fullmatch(rf"{folder}/(\d{{4}}/)+(\d{{2}}/)?[0-9a-f]{{32}}\.{extension}", name)
        is not None
    )


# --- the sniffer ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (POLYGLOT, "pdf"),
        (_png(), "png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"GIF89a\x01\x00", "gif"),
        (_saved(Document()), "docx"),
        (_saved(Workbook()), "xlsx"),
        (_zip("OFD.xml", "Doc_0/Document.xml"), "ofd"),
        (_ole("WordDocument"), "doc"),
        (_ole("Workbook"), "xls"),
    ],
)
def test_each_type_is_known_by_its_bytes(data, key):
    assert uploads.sniff(data).key == key


@pytest.mark.parametrize(
    "data",
    [HTML, b"MZ\x90\x00", b"plain text", _zip("a.txt"), b"PK\x03\x04 broken", _ole("x"), b""],
)
def test_anything_else_is_no_type(data):
    assert uploads.sniff(data) is None


def test_a_refusal_names_the_file_and_what_is_accepted():
    with pytest.raises(uploads.UploadRefused) as exc:
        uploads.identify("报告.pdf", HTML, ("pdf", "png"))
    assert "“报告.pdf”的格式不受支持" in str(exc.value) and "PDF、PNG 图片" in str(exc.value)
    with pytest.raises(uploads.UploadRefused, match="PNG"):
        uploads.identify("x.pdf", POLYGLOT, ("png",))  # a type, but not one allowed here
    with pytest.raises(uploads.UploadRefused, match="空文件"):
        uploads.identify("x.pdf", b"", ("pdf",))


def test_stored_names_are_random_with_the_types_extension():
    names = {uploads.stored_name(uploads.TYPES["jpeg"]) for _ in range(50)}
    assert len(names) == 50 and all(re.fullmatch(r"[0-9a-f]{32}\.jpg", n) for n in names)
    assert uploads.stored_name("txt").endswith(".txt")


# --- every upload ---------------------------------------------------------------------------


def test_a_request_attachment(county, applicant):
    from gongkai.requests import actions
    from gongkai.requests.models import InfoRequest

    today = timezone.localdate()
    req, _ = actions.register(
        actor=county["clerk"],
        agency=county["county"],
        received_on=today,
        today=today,
        data=applicant(),
        attachments=[SimpleUploadedFile("poly.html", POLYGLOT, "text/html")],
    )
    kept = req.attachments.get()
    assert stored_as(kept.file.name, "requests", "pdf"), kept.file.name
    assert kept.original_name == "poly.html" and kept.content_type == "application/pdf"
    with kept.file.open("rb") as f:
        assert f.read() == POLYGLOT
    with pytest.raises(actions.InvalidStep, match="格式不受支持"):
        actions.register(
            actor=county["clerk"],
            agency=county["county"],
            received_on=today,
            today=today,
            data=applicant(),
            attachments=[SimpleUploadedFile("scan.pdf", HTML, "application/pdf")],
        )
    assert InfoRequest.objects.count() == 1  # the refused request was not kept


def test_the_public_form_refuses_html_whatever_its_name(county):
    from gongkai.requests.forms import sniff

    with pytest.raises(ValidationError, match="格式不受支持"):
        sniff(SimpleUploadedFile("scan.pdf", HTML, "application/pdf"))
    assert sniff(SimpleUploadedFile("poly.html", POLYGLOT)) == "application/pdf"


def test_a_release_file(county, applicant, login):
    from gongkai.requests import actions
    from gongkai.requests.actions.release import add_release_file
    from gongkai.requests.domain.redaction import RedactionError

    today = timezone.localdate()
    req, _ = actions.register(
        actor=county["clerk"], agency=county["county"], received_on=today, today=today,
        data=applicant(),
    )  # fmt: skip
    release = add_release_file(
        actor=county["clerk"], info_request=req, upload=SimpleUploadedFile("公示.html", _png())
    )
    assert stored_as(release.original.name, "releases/original", "png"), release.original.name
    assert release.original_name == "公示.html" and release.content_type == "image/png"
    from gongkai.requests.actions.release import redact

    redact(actor=county["clerk"], release=release, areas=[])
    response = login(Client(), county["clerk"]).get(
        reverse("requests_office:release_download", args=[req.pk, release.pk])
    )
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    # The name offered is the sender's with the extension of what the file is.
    assert response["Content-Disposition"].endswith(".png")
    assert "html" not in response["Content-Disposition"]
    with pytest.raises(RedactionError, match="格式不受支持"):
        add_release_file(
            actor=county["clerk"],
            info_request=req,
            upload=SimpleUploadedFile("x.pdf", _saved(Document())),  # Word cannot be redacted
        )


def test_a_catalog_attachment(county):
    from gongkai.catalog import actions
    from gongkai.catalog.models import Category

    actions.ensure_catalog(actor=county["publisher"], agency=county["county"])
    record = actions.create_draft(
        actor=county["publisher"],
        agency=county["county"],
        data={
            "title": "关于印发工作要点的通知",
            "category": Category.objects.filter(agency=county["county"]).order_by("code").last(),
            "doc_type": "notice",
            "body": "<p>正文</p>",
            "formed_on": timezone.localdate(),
        },
    )
    att = actions.add_attachment(
        actor=county["publisher"], record=record, name="poly.html", data=POLYGLOT
    )
    assert stored_as(att.file.name, "catalog", "pdf"), att.file.name
    assert att.original_name == "poly.html" and att.content_type == "application/pdf"


def test_an_appeal_document_and_its_download(county, login):
    from gongkai.appeals import actions

    today = timezone.localdate()
    case = actions.create_case(
        actor=county["clerk"],
        agency=county["county"],
        kind="reconsideration",
        filed_on=today,
        today=today,
        body="示范市人民政府",
        documents=[SimpleUploadedFile('判决书"<x>.html', POLYGLOT)],
    )
    document = case.documents.get()
    assert stored_as(document.file.name, "appeals", "pdf"), document.file.name
    assert document.original_name == '判决书"<x>.html'
    client = login(Client(), county["clerk"])
    response = client.get(reverse("appeals:document", args=[case.pk, document.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == POLYGLOT
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" in disposition
    assert disposition.endswith(".pdf") and "<" not in disposition
    page = client.get(reverse("appeals:detail", args=[case.pk])).content.decode()
    assert "判决书&quot;&lt;x&gt;.html" in page and '判决书"<x>' not in page
    with pytest.raises(actions.InvalidCase, match="格式不受支持"):
        actions.create_case(
            actor=county["clerk"],
            agency=county["county"],
            kind="reconsideration",
            filed_on=today,
            today=today,
            documents=[SimpleUploadedFile("判决书.pdf", HTML)],
        )


def test_a_report_in_the_library_is_kept_under_the_format_the_parser_found(
    county, report_fixtures_dir
):
    from gongkai.reports.actions import library

    data = (report_fixtures_dir / "yunfu-office-2022.txt").read_bytes()
    kept, _ = library.upload_report(
        actor=county["supervisor"], within=county["city"], data=data, filename="poly.doc"
    )
    assert stored_as(kept.file.name, "reports", "txt"), kept.file.name
    assert kept.file_name == "poly.doc"


def test_media_is_not_served(county, settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("requests/2026/01/x.html", ContentFile(HTML))
    assert (settings.MEDIA_ROOT / name).exists()
    for path in (f"/media/{name}", f"{settings.MEDIA_URL}{name}", f"/static/../media/{name}"):
        response = Client().get(path)
        assert response.status_code == 404 and HTML not in response.content


@pytest.mark.parametrize(
    ("original", "content_type", "offered"),
    [
        ("poly.html", "application/pdf", "poly.pdf"),
        ("判决书", "application/pdf", "判决书.pdf"),
        ("照片.JPEG", "image/jpeg", "照片.JPEG"),
        ("照片.jpg", "image/jpeg", "照片.jpg"),
        ("通知.wps", "application/msword", "通知.wps"),
        ("表.xlsx.exe", "application/vnd.ms-excel", "表.xlsx.xls"),
        ("旧.bin", "application/vnd.openxmlformats-officedocument", "旧.bin"),  # a stored row
    ],
)
def test_a_download_is_named_with_the_extension_of_its_type(original, content_type, offered):
    assert uploads.download_name(original, content_type) == offered


def test_back_office_downloads_name_files_by_rfc_5987():
    response = downloads.download(b"%PDF-1.4", "公开版-申请.pdf")
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E5%85%AC%E5%BC%80%E7%89%88-%E7%94%B3%E8%AF%B7.pdf"
    )
    assert downloads.download(b"x", "reply-1.pdf")["Content-Disposition"] == (
        'attachment; filename="reply-1.pdf"'
    )
