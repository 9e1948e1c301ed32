import pytest

from gongkai.catalog.models import Record
from gongkai.cli import main

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "索引号,标题,公开目录,文件类型,文号,成文日期,发布日期,主题词,有效性,正文\n"


def test_import_is_all_or_nothing_with_row_errors(office, tmp_path, capsys):
    f = tmp_path / "catalog.csv"
    f.write_text(
        HEADER
        + "01525502-2/2024-00001,关于印发某办法的通知,2-2,行政规范性文件,示府规〔2024〕1号,2024-03-01,2024-03-05,办法,有效,正文一\n"
        + "01525502-2/2024-00002,第二条,不存在的目录,其他文件,,2024-03-01,2024-03-05,,,正文二\n"
        + "01525502-2/2024-00003,第三条,14,通知公告,,2024-13-01,2024-03-05,,,正文三\n",
        encoding="utf-8",
    )
    assert main(["catalog", "import", str(f), "--agency", "county"]) == 1
    err = capsys.readouterr().err
    assert "第 3 行“公开目录”" in err and "第 4 行“成文日期”" in err and "未导入任何信息" in err
    assert Record.objects.count() == 0
    assert main(["catalog", "import", str(f), "--agency", "county", "--good-rows-only"]) == 0
    record = Record.objects.get()
    assert record.is_public and record.validity == "effective"
    out = tmp_path / "out.xlsx"
    assert main(["catalog", "export", "--agency", "county", "--year", "2024", "-o", str(out)]) == 0
    from openpyxl import load_workbook

    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[1][0] == "01525502-2/2024-00001" and len(rows) == 2
    # Importing the same number again is refused: numbers are never reused.
    assert main(["catalog", "import", str(f), "--agency", "county", "--good-rows-only"]) == 0
    assert "已存在" in capsys.readouterr().err
    assert Record.objects.count() == 1


def test_cli_errors_are_one_line(office, tmp_path, capsys):
    assert main(["catalog", "import", str(tmp_path / "none.csv"), "--agency", "county"]) == 1
    assert main(["catalog", "export", "--agency", "nope", "-o", str(tmp_path / "x.csv")]) == 1
    err = capsys.readouterr().err
    assert "找不到文件" in err and "找不到简码" in err and "Traceback" not in err


def test_over_length_values_are_row_errors_not_truncated_or_a_data_error(office, tmp_path, capsys):
    f = tmp_path / "long.csv"
    f.write_text(
        HEADER
        + "01525502-2/2024-00001,"
        + "长" * 301
        + ",2-2,其他文件,"
        + "号" * 101
        + ",2024-03-01,2024-03-05,,,正文\n"
        + "01525502-2/2024-"
        + "0" * 80
        + ",标题,2-2,其他文件,,2024-03-01,2024-03-05,"
        + "词" * 201
        + ",,正文\n",
        encoding="utf-8",
    )
    assert main(["catalog", "import", str(f), "--agency", "county"]) == 1
    err = capsys.readouterr().err
    assert "第 2 行“标题”：超过 300 个字符（现有 301 个），请缩短" in err
    assert "第 2 行“文号”：超过 100 个字符（现有 101 个）" in err
    assert "第 3 行“索引号”：超过 80 个字符（现有 96 个）" in err
    assert "第 3 行“主题词”：超过 200 个字符（现有 201 个）" in err
    assert Record.objects.count() == 0
