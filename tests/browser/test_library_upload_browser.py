"""The supervisor uploads the units' reports at once, as real offices have them (a PDF and an
old Word file made by LibreOffice, a zip of text reports), and watches the batch finish."""

import io
import shutil
import subprocess
import zipfile

import pytest

from tests.browser.test_office_and_portal import sign_in

pytestmark = pytest.mark.browser

soffice = shutil.which("soffice")


def converted(source, target: str, outdir) -> bytes:
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{outdir}/profile",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (outdir / f"{source.stem}.{target}").read_bytes()


@pytest.mark.skipif(soffice is None, reason="LibreOffice is not installed")
def test_supervisor_uploads_a_batch_and_sees_every_file_parsed(
    page, live_server, demo_data, shot, tmp_path, report_fixtures_dir
):
    sources = {}
    for name in ("yunfu-office-2022.txt", "heshan-office-2019.txt"):
        sources[name] = tmp_path / name
        sources[name].write_bytes((report_fixtures_dir / name).read_bytes())
    pdf = tmp_path / "云浮市政府办2022年报.pdf"
    pdf.write_bytes(converted(sources["yunfu-office-2022.txt"], "pdf", tmp_path))
    doc = tmp_path / "鹤山2019.doc"
    doc.write_bytes(converted(sources["heshan-office-2019.txt"], "doc", tmp_path))
    archive = tmp_path / "各单位.zip"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ("baoshan-office-2020.txt", "zhongzhan-district-2019.txt"):
            z.writestr(f"年报/{name}", (report_fixtures_dir / name).read_bytes())
    archive.write_bytes(buf.getvalue())

    sign_in(page, live_server.url, "supervisor")
    page.goto(f"{live_server.url}/office/reports/library/")
    page.get_by_label("报告文件").set_input_files([str(pdf), str(doc), str(archive)])
    page.get_by_role("button", name="上传并解析").click()
    page.wait_for_url("**/library/?batch=*")
    # The page refreshes itself while files wait; the test backend has parsed them already.
    progress = page.get_by_role("status").filter(has_text="个文件已处理")
    progress.wait_for()
    assert "4/4" in progress.inner_text() and "全部完成" in progress.inner_text()
    table = page.locator("section", has=page.get_by_role("heading", name="本次上传的解析进度"))
    rows = table.locator("tbody tr")
    assert rows.count() == 4
    assert table.get_by_text("已解析").count() == 4
    assert table.get_by_role("link", name="鹤山市人民政府办公室 2019 年度报告").is_visible()
    shot(page, "library-batch-finished")
    table.get_by_role("link", name="云浮市人民政府办公室 2022 年度报告").click()
    page.wait_for_url("**/library/*/")
    shot(page, "library-batch-report")
