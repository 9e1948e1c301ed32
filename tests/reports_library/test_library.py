import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.reports.actions import library
from gongkai.reports.models import FindingDecision, PublishedReport, finding_key


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Post files to the library; the page it leads to after the background parse ran (the
    test backend runs a task at once, when the upload's transaction commits)."""

    def post(client, *files):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("reports:upload"),
                {"files": [SimpleUploadedFile(name, data) for name, data in files]},
            )
        assert response.status_code == 302
        return client.get(response["Location"])

    return post


@pytest.mark.django_db
def test_upload_parses_matches_the_unit_and_deduplicates(region, login, fixture_bytes, upload):
    client = login(Client(), region["supervisor"])
    data = fixture_bytes("yunfu-office-2022.txt")
    page = upload(client, ("yunfu.txt", data)).content.decode()
    kept = PublishedReport.objects.get()
    assert kept.agency == region["office"] and kept.year == 2022 and kept.template == "2021"
    assert kept.data["requests"]["received_this_year"]["total"] == 19
    assert "已解析" in page
    page = upload(client, ("again.txt", data)).content.decode()
    assert PublishedReport.objects.count() == 1 and "已有同一文件" in page
    assert AuditEntry.objects.filter(action="report.upload").count() == 1


@pytest.mark.django_db
def test_units_not_on_the_platform_and_unreadable_files(region, login, fixture_bytes, upload):
    client = login(Client(), region["supervisor"])
    page = upload(
        client,
        ("baoshan.txt", fixture_bytes("baoshan-office-2020.txt")),
        ("notes.txt", "本单位正在编制年度报告，敬请期待。".encode()),
    ).content.decode()
    kept = PublishedReport.objects.get()
    assert kept.agency is None and kept.unit_name == "保山市人民政府办公室"
    assert kept.error_count >= 2
    assert "无法识别“notes.txt”" in page


@pytest.mark.django_db
def test_finding_decisions_need_reasons_and_survive_reparsing(region, fixture_bytes):
    kept, _ = library.upload_report(
        actor=region["supervisor"],
        within=region["city"],
        data=fixture_bytes("zhongzhan-district-2019.txt"),
        filename="zhongzhan.txt",
    )
    key = finding_key(kept.findings[0])
    with pytest.raises(library.LibraryError):
        library.decide(
            actor=region["supervisor"], report=kept, key=key, decision="dismissed", note=""
        )
    library.decide(
        actor=region["supervisor"],
        report=kept,
        key=key,
        decision="dismissed",
        note="原文（七）总计确为空白，已电话核实",
    )
    library.reparse(actor=region["supervisor"], report=kept)
    kept.refresh_from_db()
    assert key in {finding_key(f) for f in kept.findings}
    assert FindingDecision.objects.get(report=kept, finding_key=key).decision == "dismissed"


@pytest.mark.django_db
def test_only_the_supervising_office_reviews(region, login, fixture_bytes):
    from gongkai.organisations.policy import Denied

    with pytest.raises(Denied):
        library.upload_report(
            actor=region["clerk"],
            within=region["office"],
            data=fixture_bytes("yunfu-office-2022.txt"),
            filename="y.txt",
        )
    kept, _ = library.upload_report(
        actor=region["supervisor"],
        within=region["city"],
        data=fixture_bytes("yunfu-office-2022.txt"),
        filename="y.txt",
    )
    outsider = login(Client(), region["outsider"])
    assert outsider.get(reverse("reports:detail", args=[kept.pk])).status_code == 404
    with pytest.raises(Denied):
        library.decide(
            actor=region["outsider"], report=kept, key="x", decision="confirmed", note=""
        )


@pytest.mark.django_db
def test_overview_lists_every_unit_submitted_or_not_and_exports(
    region, login, fixture_bytes, upload
):
    client = login(Client(), region["supervisor"])
    upload(client, ("yunfu.txt", fixture_bytes("yunfu-office-2022.txt")))
    page = client.get(reverse("reports:overview") + "?year=2022").content.decode()
    assert "云浮市人民政府办公室" in page and "云浮市教育局" in page
    assert "未报送" in page  # the bureau of education has not reported
    xlsx = client.get(reverse("reports:overview") + "?year=2022&format=xlsx")
    from io import BytesIO

    from openpyxl import load_workbook

    rows = list(load_workbook(BytesIO(xlsx.content)).active.values)
    office = next(r for r in rows if r[0] == "云浮市人民政府办公室")
    assert office[1] == "是" and office[5] == 19


@pytest.mark.django_db
def test_compare_two_years_of_one_unit(region, login, fixture_bytes, upload):
    client = login(Client(), region["supervisor"])
    upload(
        client,
        ("a.txt", fixture_bytes("heshan-office-2019.txt")),
        ("b.txt", fixture_bytes("baoshan-office-2020.txt")),
    )
    a, b = PublishedReport.objects.order_by("year")
    page = client.get(reverse("reports:compare") + f"?a={a.pk}&b={b.pk}").content.decode()
    assert "项不同" in page and "本年新收" in page
    assert "段不同" in page
    xlsx = client.get(reverse("reports:compare") + f"?a={a.pk}&b={b.pk}&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    from io import BytesIO

    from docx import Document

    docx = client.get(reverse("reports:compare") + f"?a={a.pk}&b={b.pk}&format=docx")
    text = "\n".join(p.text for p in Document(BytesIO(docx.content)).paragraphs)
    assert "项不同" in text and "本年新收" in "".join(
        c.text for t in Document(BytesIO(docx.content)).tables for r in t.rows for c in r.cells
    )


@pytest.mark.django_db
def test_metadata_parsing_could_not_tell_is_corrected_and_audited(region, fixture_bytes):
    kept, _ = library.upload_report(
        actor=region["supervisor"],
        within=region["city"],
        data=fixture_bytes("baoshan-office-2020.txt"),
        filename="b.txt",
    )
    received = kept.data["requests"]["received_this_year"]["total"]
    library.edit_metadata(
        actor=region["supervisor"],
        report=kept,
        unit_name="保山市政府办公室",
        year=2020,
        agency=None,
        template="2021",
    )
    kept.refresh_from_db()
    assert kept.template == "2021" and kept.data["template"] == "2021"
    assert kept.data["requests"]["received_this_year"]["total"] == received  # the figures stay
    assert "new_made" not in str(kept.data["proactive"])  # the 2019 columns are gone
    entry = AuditEntry.objects.filter(action="report.metadata").get()
    assert entry.changes["template"] == ["2019", "2021"]
    with pytest.raises(library.LibraryError):
        library.edit_metadata(
            actor=region["supervisor"],
            report=kept,
            unit_name="x",
            year=2020,
            agency=None,
            template="2030",
        )


# The page tree counts two pages; the second kid is a string, not a page.
PDF_WITH_A_BAD_KID = (
    b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"4 0 obj (not a page) endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


@pytest.mark.django_db
def test_files_the_readers_fail_on_get_a_reason_not_a_500(region, login, fixture_bytes, upload):
    client = login(Client(), region["supervisor"])
    text = fixture_bytes("yunfu-office-2022.txt").decode()
    assert "规章\t0\t0\t6" in text
    huge = text.replace("规章\t0\t0\t6", "规章\t" + "9" * 400 + "\t0\t6").encode()
    response = upload(client, ("tree.pdf", PDF_WITH_A_BAD_KID), ("huge.txt", huge))
    assert response.status_code == 200
    page = response.content.decode()
    assert "无法识别“tree.pdf”：PDF 第 2 页已损坏，无法读取" in page
    # 400 digits are no figure: the report is kept without that row's first cell.
    kept = PublishedReport.objects.get()
    assert kept.file_name == "huge.txt" and "<td>huge.txt</td><td>已解析</td>" in page
    assert kept.data["proactive"]["regulations"]["issued"] is None
    assert kept.data["proactive"]["normative_documents"]["in_force"] == 88
