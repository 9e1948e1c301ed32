"""Old Word (.doc), WPS (.wps), Excel (.xls) and WPS spreadsheet (.et) files, converted through
LibreOffice headless; spreadsheets (.xlsx) read directly."""

import parse_convert
import parse_render as render
import pytest
from parse_checks import check

from gongkai.parsing import UnreadableReport, parse_bytes
from gongkai.parsing.readers import office

needs_writer = pytest.mark.skipif(
    office.missing_component("doc") is not None,
    reason=f"未安装 LibreOffice Writer（{office.INSTALL}）",
)
needs_calc = pytest.mark.skipif(
    office.missing_component("xls") is not None,
    reason=f"未安装 LibreOffice Calc（{office.INSTALL}）",
)


@pytest.mark.parametrize(("template", "year"), [("2019", 2020), ("2021", 2022)])
def test_xlsx(template, year):
    report = render.make_report(template, year, seed=111)
    result = parse_bytes(render.to_xlsx(report), "report.xlsx")
    assert result.source_format == "xlsx"
    check(report, result)


@needs_writer
@pytest.mark.parametrize("name", ["report.doc", "report.wps", "报告"])
def test_word_97_and_wps_files(name):
    report = render.make_report("2021", 2022, seed=112)
    data = parse_convert.libreoffice_convert(render.to_docx(report), ".docx", "doc")
    assert data.startswith(b"\xd0\xcf\x11\xe0")
    result = parse_bytes(data, name)
    assert result.source_format == "doc"
    check(report, result)


@needs_calc
@pytest.mark.parametrize("name", ["report.xls", "report.et"])
def test_excel_97_and_wps_spreadsheets(name):
    report = render.make_report("2019", 2020, seed=113)
    data = parse_convert.libreoffice_convert(render.to_xlsx(report), ".xlsx", "xls")
    assert data.startswith(b"\xd0\xcf\x11\xe0")
    result = parse_bytes(data, name)
    assert result.source_format == "xls"
    check(report, result)


def test_without_libreoffice_the_message_says_what_to_do(monkeypatch):
    monkeypatch.setattr(office, "soffice", lambda: None)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\0" * 600
    with pytest.raises(UnreadableReport) as info:
        parse_bytes(ole, "report.doc")
    assert "LibreOffice" in info.value.reason and ".docx" in info.value.reason
    sheet = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le") + b"\0" * 600
    with pytest.raises(UnreadableReport) as info:
        parse_bytes(sheet, "report.et")
    assert "Excel" in info.value.reason and ".xlsx" in info.value.reason


def test_without_the_calc_component_the_message_names_the_package(monkeypatch, tmp_path):
    # Debian's soffice with Writer only: the folder has Writer's library and not Calc's.
    program = tmp_path / "soffice"
    program.write_text("")
    (tmp_path / "libswlo.so").write_text("")
    monkeypatch.setattr(office, "soffice", lambda: str(program))
    assert office.missing_component("doc") is None
    assert office.missing_component("xls") == "libreoffice-calc-nogui"
    sheet = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le") + b"\0" * 600
    with pytest.raises(UnreadableReport) as info:
        parse_bytes(sheet, "report.xls")
    assert "libreoffice-calc-nogui" in info.value.reason and ".xlsx" in info.value.reason


@needs_writer
def test_a_broken_old_word_file_fails_cleanly():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00\xff" * 2000
    with pytest.raises(UnreadableReport) as info:
        parse_bytes(ole, "broken.doc")
    assert info.value.reason  # one Chinese line, no traceback
