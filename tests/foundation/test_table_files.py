"""Reading spreadsheets for every import: bounded, and refused with a Chinese reason."""

import io

import pytest
from openpyxl import Workbook

from gongkai import table_files
from gongkai.table_files import TableError, iter_table, read_table


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_csv_and_xlsx_give_the_same_rows_with_inner_blank_rows_kept():
    rows = [["编号", "日期"], ["1", "2025-01-02"], [None, None], ["2", "2025-01-03"], [None, None]]
    from_xlsx = read_table(_xlsx(rows), "t.xlsx")
    from_csv = read_table(
        "编号,日期\n1,2025-01-02\n,\n2,2025-01-03\n,\n".encode("gb18030"), "t.csv"
    )
    expected = [
        {"编号": "1", "日期": "2025-01-02"},
        {"编号": None, "日期": None},
        {"编号": "2", "日期": "2025-01-03"},
    ]
    assert from_xlsx == expected
    assert [{k: v or None for k, v in row.items()} for row in from_csv] == expected


def test_more_rows_than_the_cap_are_refused_not_cut(monkeypatch):
    monkeypatch.setattr(table_files, "MAX_ROWS", 3)
    ok = "编号\n" + "".join(f"{i}\n" for i in range(3))
    assert len(read_table(ok.encode(), "t.csv")) == 3
    too_many = "编号\n" + "".join(f"{i}\n" for i in range(4))
    with pytest.raises(TableError, match="超过 3 行数据"):
        read_table(too_many.encode(), "t.csv")
    with pytest.raises(TableError, match="超过 3 行数据"):
        read_table(_xlsx([["编号"], *([i] for i in range(4))]), "t.xlsx")


def test_rows_are_read_lazily():
    rows = iter_table(_xlsx([["编号"], *([i] for i in range(1000))]), "t.xlsx")
    assert next(rows) == {"编号": 0}


def test_a_huge_field_or_too_many_columns_is_refused():
    field = "x" * (table_files.MAX_FIELD_CHARS + 1)
    with pytest.raises(TableError, match="超过 1,000,000 个字符"):
        read_table(f'编号,正文\n1,"{field}"\n'.encode(), "t.csv")
    wide = ",".join(f"列{i}" for i in range(table_files.MAX_COLUMNS + 1))
    with pytest.raises(TableError, match=f"超过 {table_files.MAX_COLUMNS} 列"):
        read_table(f"{wide}\n".encode(), "t.csv")


def test_an_oversized_file_is_refused_before_reading(monkeypatch, tmp_path):
    monkeypatch.setattr(table_files, "MAX_BYTES", 10)
    path = tmp_path / "big.csv"
    path.write_text("编号\n" + "1\n" * 20, encoding="utf-8")
    with pytest.raises(TableError, match="超过 0 MB"):
        read_table(path)


def _sparse_xlsx(last_row: int) -> bytes:
    """A header, one data row and one cell at ``last_row``: what an export that padded the
    sheet leaves (written by hand: openpyxl would not write the empty rows between)."""
    return _with_sheet(
        f'<dimension ref="A1:B{last_row}"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>编号</t></is></c></row>'
        '<row r="2"><c r="A2"><v>1</v></c></row>'
        f'<row r="{last_row}"><c r="B{last_row}"><v>7</v></c></row></sheetData>'
    )


def _with_sheet(content: str) -> bytes:
    import zipfile

    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{content}</worksheet>"
    )
    with zipfile.ZipFile(io.BytesIO(_xlsx([["x"]]))) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def test_a_sheet_of_a_million_sparse_rows_stops_at_the_row_bound(monkeypatch):
    monkeypatch.setattr(table_files, "MAX_ROWS", 1_000)
    assert read_table(_sparse_xlsx(900), "t.xlsx")[0] == {"编号": 1}
    # Without the bound on blank rows too, every one of the million would be walked.
    with pytest.raises(TableError, match="超过 1,000 行数据：第 1,002 行起仍有行"):
        read_table(_sparse_xlsx(1_048_576), "t.xlsx")


def test_a_zip_bomb_is_refused_from_its_directory(monkeypatch):
    # What the zip directory says it unpacks to is checked before openpyxl opens a part.
    monkeypatch.setattr(table_files, "MAX_UNPACKED_BYTES", 1_500_000)
    with pytest.raises(TableError, match="解压后有 \\d+ MB，超过可读取的上限"):
        read_table(
            _with_sheet(
                '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
                + "x" * 2_000_000
                + "</t></is></c></row></sheetData>"
            ),
            "t.xlsx",
        )
