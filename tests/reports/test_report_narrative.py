"""Figures stated in prose: the phrasings reports use, and the look-alikes they must ignore."""

from __future__ import annotations

import json

import pytest

from gongkai.annual_report.narrative import (
    LEGACY_KEYS,
    chinese_to_int,
    key_figures,
    stated_figures,
)


def figures(text: str) -> list[tuple[str, int | float]]:
    return [(f.key, f.value) for f in stated_figures(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("十二", 12),
        ("二十", 20),
        ("两千零五", 2005),
        ("一百零五", 105),
        ("三万五千", 35000),
        ("二〇二〇", 2020),
        ("两", 2),
    ],
)
def test_chinese_numerals(text, expected):
    assert chinese_to_int(text) == expected


def test_chinese_numerals_reject_other_text():
    with pytest.raises(ValueError):
        chinese_to_int("十二件")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今年以来，共收到依申请公开19份，均已办理完毕。", [("requests_received", 19)]),
        ("收到申请5件。", [("requests_received", 5)]),
        ("本机关共受理政府信息公开申请4宗。", [("requests_received", 4)]),
        ("全区收到依申请公开事项2件。", [("requests_received", 2)]),
        ("本年度收到政府信息公开申请十二件。", [("requests_received", 12)]),
        ("收到政府信息公开申请共计：２０件。", [("requests_received", 20)]),
        ("本年度未收到政府信息公开申请。", [("requests_received", 0)]),
        ("上年结转3件。", [("carried_over", 3)]),
        (
            "予以公开119件，部分公开16件，不予公开16件，无法提供63件，不予处理7件，其他处理4件。",
            [
                ("disclosed", 119),
                ("partially_disclosed", 16),
                ("withheld", 16),
                ("unavailable", 63),
                ("not_processed", 7),
                ("other_processed", 4),
            ],
        ),
        ("因政府信息公开引起的行政复议案2件。", [("reconsideration_total", 2)]),
        ("被提起行政诉讼两起。", [("litigation_total", 2)]),
        ("行政复议0件，行政诉讼0件。", [("reconsideration_total", 0), ("litigation_total", 0)]),
        (
            "行政复议和行政诉讼各1件。",
            [("reconsideration_total", 1), ("litigation_total", 1)],
        ),
        (
            "本年度没有发生因政府信息公开申请行政复议、提起行政诉讼的情况。",
            [("reconsideration_total", 0), ("litigation_total", 0)],
        ),
        ("行政复议：无。", [("reconsideration_total", 0)]),
        ("全年主动公开政府信息8697条。", [("proactive_total", 8697)]),
        ("主动公开政府信息1.2万条。", [("proactive_total", 12000)]),
        ("共收取信息处理费120元。", [("fees_yuan", 120)]),
        ("未收取任何费用。", [("fees_yuan", 0)]),
        ("没有收取申请人任何费用。", [("fees_yuan", 0)]),
        ("本办未发生收取信息处理费的情况。", [("fees_yuan", 0)]),
    ],
)
def test_phrasings_are_recognised(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "网民留言1219条，均已回复。",
        "政务微博粉丝数达12万人。",
        "2021年1月1日起收到的申请。",
        "依据《条例》第二十条主动公开的信息包括第二十条所列各项。",
        "回复依申请公开20条。",
        "12345热线共受理工单16212件。",
        "同意公开及部分公开答复61件。",
        "予以公开和部分公开共61件。",
        "被申请行政复议、提起行政诉讼的案件共3件。",
        "本报告由总体情况、收到和处理政府信息公开申请情况等六个部分组成。",
        "行政复议、行政诉讼情况 2020年，本机关……",
        "本年收费金额（单位：万元） 行政事业性收费 0",
        "（一）予以公开 2 2 （二）部分公开 1 1",
        "未经复议直接起诉 复议后起诉 结果维持 行政诉讼",
        "无法提供的申请已全部答复。",
    ],
)
def test_look_alikes_are_ignored(text):
    assert figures(text) == []


def test_key_figures_prefers_the_total(tmp_path):
    text = "市级主动公开政府信息100条。全市共主动公开政府信息900条。"
    assert key_figures(text)["proactive_total"].value == 900


def test_phrase_is_the_words_that_said_it():
    (figure,) = stated_figures("截至年底，共收到依申请公开19份。")
    assert figure.phrase == "收到依申请公开19份"


def test_legacy_fixture_figures(report_fixtures_dir):
    text = (report_fixtures_dir / "jingmen-city-2018.txt").read_text(encoding="utf-8")
    expected = json.loads(
        (report_fixtures_dir / "jingmen-city-2018.expected.json").read_text(encoding="utf-8")
    )["legacy"]
    found = {key: f.value for key, f in key_figures(text).items() if key in LEGACY_KEYS}
    assert found == expected
