"""Documents that talk about annual reports without being one are refused, with the reason."""

import pytest

from gongkai.parsing import UnreadableReport, parse_text

NOT_REPORTS = [
    # A software manual describing the report.
    "gongkai 是政府信息公开工作平台，并自动生成格式全国统一的政府信息公开工作年度报告。\n"
    "申请办理人 示范县人民政府\n行政复议 行政诉讼 5 件\n",
    # A news item about reports being published.
    "本报讯 近日，全市各单位陆续发布2024年政府信息公开工作年度报告，"
    "市政务公开办将于3月31日前完成汇总，共收到申请1200件。\n",
    # A notice asking units to prepare their reports.
    "关于做好2025年度政府信息公开工作年度报告编制发布工作的通知\n"
    "各镇（街）、各部门：请于1月31日前将年度报告报送市政府办公室，并在门户网站发布。\n",
]


@pytest.mark.parametrize("text", NOT_REPORTS)
def test_texts_about_reports_are_not_reports(text):
    with pytest.raises(UnreadableReport) as exc:
        parse_text(text)
    assert str(exc.value) == "不是政府信息公开工作年度报告：未找到年度报告的标题或统计表"


def test_a_year_written_in_chinese_numerals(report_fixtures_dir):
    text = (report_fixtures_dir / "yunfu-office-2022.txt").read_text(encoding="utf-8")
    title = "云浮市人民政府办公室 2022 年政府信息 公开工作年度报告"
    assert title in text
    text = text.replace(title, "云浮市人民政府办公室二〇二二年政府信息公开工作年度报告")
    text = text.replace("2022", "二〇二二")
    result = parse_text(text)
    assert result.report["year"] == 2022
    assert result.report["agency"] == "云浮市人民政府办公室"
    assert result.report["requests"]["received_this_year"]["total"] == 19
