"""Reports under the 2008 Regulations: the year's figures from the prose, by the report's year."""

from gongkai.parsing import parse_text

REPORT = """{year}年某某市人民政府信息公开工作年度报告
来源：某某市人民政府办公室
本报告由某某市人民政府办公室编制。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。
一、概述
{year}年，我市认真贯彻落实《中华人民共和国政府信息公开条例》。{mention}
二、主动公开政府信息情况
{proactive}
三、依申请公开政府信息情况
{requests}
四、因政府信息公开申请提起行政复议、行政诉讼的情况
全年因政府信息公开申请提起行政复议2件、行政诉讼1件。
五、存在的主要问题和改进措施
下一步将进一步加强培训。"""

NEW_REGULATIONS = (
    "新修订的《中华人民共和国政府信息公开条例》将于2019年5月15日起施行，我市已组织学习，"
    "按照第二十条第（九）项的要求梳理政府集中采购等信息，并研究结转下年度继续办理的申请。"
)


def _report(year=2017, mention="", proactive=None, requests=None) -> str:
    return REPORT.format(
        year=year,
        mention=mention,
        proactive=proactive or "全年主动公开政府信息2949条。",
        requests=requests or "全年共收到政府信息公开申请12件。",
    )


def test_the_years_total_not_a_category():
    text = _report(
        proactive="主动公开规范性文件等重点领域信息共188条，"
        "全年共主动公开政府信息2,949条，其中通过政府网站公开2,001条。"
    )
    legacy = parse_text(text).report["legacy"]
    assert legacy["proactive_total"] == 2949


def test_administrative_approval_applications_are_not_disclosure_requests():
    text = _report(
        requests="市政务服务中心全年共受理申请121510件，办结率100%。"
        "全年共收到政府信息公开申请1件，已按期答复。"
    )
    result = parse_text(text).report
    assert result["legacy"]["requests_received"] == 1
    assert result["legacy"]["reconsideration_total"] == 2
    assert not [
        f for f in result["findings"] if "legacy.requests_received" in (f.get("cells") or [])
    ]


def test_only_approval_applications_leaves_requests_unknown():
    text = _report(requests="市行政审批局全年共受理申请121510件，办结121500件。")
    assert parse_text(text).report["legacy"]["requests_received"] is None


def test_2017_and_2018_reports_that_mention_the_new_regulations_stay_legacy():
    for year in (2017, 2018):
        report = parse_text(_report(year=year, mention=NEW_REGULATIONS)).report
        assert (report["template"], report["year"]) == ("legacy", year)
        assert report["legacy"]["proactive_total"] == 2949
        assert report["agency"] == "某某市人民政府"
