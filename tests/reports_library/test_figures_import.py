import pytest

from gongkai.cli import main
from gongkai.reports.drafts import draft_for

CSV = "项目,数值,来源\n行政许可,1268,审批系统\n行政处罚,342,执法台账\n行政强制,0,执法台账\n行政事业性收费,35.6,非税收入系统\n"


@pytest.mark.django_db
def test_figures_are_imported_into_the_draft(region, tmp_path, capsys):
    path = tmp_path / "figures.csv"
    path.write_text(CSV, encoding="gb18030")
    assert main(["report", "figures", str(path), "--agency", "yunfu-office", "--year", "2025"]) == 0
    manual = draft_for(region["office"], 2025).manual
    assert manual["proactive.administrative_license.decisions"] == {
        "value": 1268,
        "source": "审批系统",
    }
    assert manual["proactive.administrative_fees.amount_wan_yuan"]["value"] == 35.6
    assert manual["proactive.administrative_coercion.decisions"]["value"] == 0


@pytest.mark.django_db
def test_bad_rows_are_named_and_nothing_is_saved(region, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(
        "项目,数值,来源\n行政许可,很多,审批系统\n行政征收,3,x\n行政处罚,2,\n", encoding="utf-8"
    )
    assert main(["report", "figures", str(path), "--agency", "yunfu-office", "--year", "2025"]) == 1
    err = capsys.readouterr().err
    assert "第 2 行" in err and "第 3 行" in err and "第 4 行" in err
    assert draft_for(region["office"], 2025).manual == {}


@pytest.mark.django_db
def test_the_import_reads_figures_as_the_draft_page_does(region, tmp_path, capsys):
    path = tmp_path / "typed.csv"
    path.write_text(
        '项目,数值,来源\n行政许可,"1,268",审批系统\n行政处罚,３４２,执法台账\n', "utf-8"
    )
    assert main(["report", "figures", str(path), "--agency", "yunfu-office", "--year", "2025"]) == 0
    manual = draft_for(region["office"], 2025).manual
    assert manual["proactive.administrative_license.decisions"]["value"] == 1268
    assert manual["proactive.administrative_penalty.decisions"]["value"] == 342
    path.write_text("项目,数值,来源\n行政强制,-3,执法台账\n", "utf-8")
    assert main(["report", "figures", str(path), "--agency", "yunfu-office", "--year", "2025"]) == 1
    assert "第 2 行：数值“-3”不能为负数" in capsys.readouterr().err


@pytest.mark.django_db
def test_negative_and_absurd_figures_are_refused_by_row(region, tmp_path, capsys):
    path = tmp_path / "overflow.csv"
    path.write_text(
        "项目,数值,来源\n行政许可,-5,审批系统\n行政事业性收费,1e23,非税收入系统\n"
        "行政事业性收费,100000000000000000000000.0,非税收入系统\n行政处罚,2.5,执法台账\n",
        encoding="utf-8",
    )
    assert main(["report", "figures", str(path), "--agency", "yunfu-office", "--year", "2025"]) == 1
    err = capsys.readouterr().err
    assert "第 2 行：数值“-5”不能为负数" in err
    assert "第 3 行：数值应填数字" in err and "1e23" in err
    assert "第 4 行：数值“1e+23”超出合理范围" in err
    assert "第 5 行：数值“2.5”应为整数" in err
    assert draft_for(region["office"], 2025).manual == {}
