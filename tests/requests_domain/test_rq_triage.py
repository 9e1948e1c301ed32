"""Intake triage: similarity of short Chinese descriptions, and the six kinds of suggestion."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.requests.domain.triage import (
    CATALOG_THRESHOLD,
    DUPLICATE_THRESHOLD,
    KINDS,
    SAME_INFORMATION_THRESHOLD,
    CatalogEntry,
    PastRequest,
    Suggestion,
    TriageSettings,
    VolumeThresholds,
    coverage,
    normalise,
    similarity,
    triage,
)

TODAY = date(2024, 6, 3)
ME = "a" * 64

# -- similarity ---------------------------------------------------------------------------------

SAME_INFORMATION = [
    ("申请公开2023年某市财政预算报告", "请提供贵单位2023年度财政预算报告全文"),
    ("请提供XX区2023年城市更新项目征收补偿方案", "申请公开XX区2023年度城市更新征收补偿方案的文件"),
    ("申请公开幸福路拓宽工程的建设工程规划许可证", "请提供幸福路拓宽工程规划许可证及附图"),
    ("申请公开本市2022年第三季度空气质量监测数据", "请提供2022年第3季度本市空气质量监测数据"),
    ("申请公开二〇二三年部门决算", "申请公开2023年部门决算"),
    ("关于申请公开市政府常务会议纪要的申请", "请提供市政府常务会议纪要"),
]
DIFFERENT_INFORMATION = [
    # Same agency, different topic.
    (
        "申请公开某市生态环境局2023年环境行政处罚决定书",
        "申请公开某市生态环境局2023年机关公务用车购置情况",
    ),
    ("申请公开幸福路拓宽工程的建设工程规划许可证", "申请公开幸福路拓宽工程的环境影响评价报告"),
    # Same topic, different agency.
    ("申请公开某区教育局2023年招生计划", "申请公开某区卫健委2023年招生计划"),
    ("申请公开市政府常务会议纪要", "申请公开市住建局行政许可决定"),
]
DIFFERENT_NUMBERS = [
    ("2023年财政预算", "2024年财政预算"),
    ("申请公开某市2023年财政预算", "请提供某市2024年度财政预算"),
    ("申请公开2022年第三季度空气质量监测数据", "申请公开2022年第四季度空气质量监测数据"),
    ("申请公开某府发〔2021〕15号文件", "申请公开某府发〔2021〕16号文件"),
]


@pytest.mark.parametrize("a, b", SAME_INFORMATION)
def test_same_information_phrased_differently_scores_high(a, b):
    assert similarity(a, b) >= DUPLICATE_THRESHOLD


@pytest.mark.parametrize("a, b", DIFFERENT_INFORMATION)
def test_different_information_scores_low(a, b):
    assert similarity(a, b) < SAME_INFORMATION_THRESHOLD


@pytest.mark.parametrize("a, b", DIFFERENT_NUMBERS)
def test_different_years_or_numbers_are_not_the_same(a, b):
    assert similarity(a, b) < SAME_INFORMATION_THRESHOLD
    # Without the numbers the texts would pass: the numbers, not the words, tell them apart.
    strip = str.maketrans("", "", "0123456789三四")
    assert similarity(a.translate(strip), b.translate(strip)) >= DUPLICATE_THRESHOLD


def test_partly_overlapping_numbers_score_in_between():
    both = similarity("申请公开2022年和2023年财政预算", "申请公开2023年财政预算")
    assert 0.3 < both < SAME_INFORMATION_THRESHOLD


def test_only_one_side_names_a_year():
    score = similarity("申请公开某市财政预算报告", "申请公开某市2024年财政预算报告")
    assert DUPLICATE_THRESHOLD <= score < 0.9


def test_normalisation():
    assert normalise("申请公开二〇二三年第三季度的数据").split() == ["2023", "第3季度", "数据"]
    assert similarity("ＡＢＣ项目２０２３年", "abc项目2023年") == 1.0
    assert similarity("申请公开", "请提供") == 0.0  # nothing but request boilerplate
    assert similarity("", "") == 1.0


texts = st.text(
    alphabet=st.sampled_from(list("申请公开财政预算规划许可证的关于2023年第三季度abc ，。")),
    max_size=30,
)


@given(texts, texts)
def test_similarity_is_symmetric_and_bounded(a, b):
    s = similarity(a, b)
    assert 0.0 <= s <= 1.0
    assert s == similarity(b, a)


@given(st.text(max_size=40))
def test_identical_texts_score_one(a):
    assert similarity(a, a) == 1.0


@given(texts, texts)
def test_coverage_is_bounded(a, b):
    assert 0.0 <= coverage(a, b) <= 1.0


def test_coverage_of_a_title_inside_a_long_request():
    title = "关于印发《某市老旧小区改造实施方案》的通知"
    request = (
        "本人居住在某小区，近期听说要进行改造，为了解改造的范围、标准和资金来源，"
        "申请公开某市老旧小区改造实施方案，以电子邮件方式提供。"
    )
    assert similarity(title, request) < CATALOG_THRESHOLD  # the extra words dilute the cosine
    assert coverage(title, request) >= CATALOG_THRESHOLD
    assert coverage("招生计划", request) == 0.0  # too short a title to go by


# -- triage -------------------------------------------------------------------------------------


def past(id, description, days_ago, outcome="disclosed", applicant=ME):
    return PastRequest(id, applicant, description, TODAY - timedelta(days=days_ago), outcome)


def kinds(suggestions: list[Suggestion]) -> list[str]:
    return [s.kind for s in suggestions]


def run(description, **kwargs):
    kwargs.setdefault("applicant_history", [])
    return triage(description, today=TODAY, **kwargs)


def test_plain_request_gets_no_suggestion():
    assert run("申请公开某区2023年城市更新项目征收补偿方案") == []


@pytest.mark.parametrize(
    "text, evidence",
    [
        ("本人举报某小区违法建设，要求查处并追究相关人员责任。", {"举报", "要求查处"}),
        ("我家房屋被强拆，请求解决赔偿问题，给个说法！", {"请求解决", "给个说法"}),
        ("投诉某公司噪音扰民，请依法处理。", {"投诉"}),
        ("这是我第三次信访了，请贵局尽快解决。", {"信访", "尽快解决"}),
    ],
)
def test_petition(text, evidence):
    (s,) = run(text)
    assert s.kind == "petition" and evidence <= set(s.evidence)
    assert "第三十九条第一款" in s.message and "请核实" in s.message


@pytest.mark.parametrize(
    "text",
    [
        "申请公开2023年12345热线投诉处理情况统计",
        "申请公开本人2023年5月提交的信访事项的处理意见书",
        "申请公开贵局举报受理电话及方式",
    ],
)
def test_asking_about_complaints_is_not_a_petition(text):
    assert "petition" not in kinds(run(text))


@pytest.mark.parametrize(
    "text, word",
    [
        ("请邮寄2023年某市统计年鉴一本", "统计年鉴"),
        ("申请获取2024年第1期某市人民政府公报纸质版", "政府公报"),
        ("请提供贵单位编印的《某市志》等出版物", "出版物"),
    ],
)
def test_publication(text, word):
    (s,) = run(text)
    assert s.kind == "publication" and word in s.evidence
    assert "第三十九条第二款" in s.message


def test_publication_named_as_a_source_is_not_a_request_for_it():
    assert run("申请公开市政府2023年第5期政府公报刊登的文件目录") == []


CATALOG = [
    CatalogEntry(1, "关于印发《某市老旧小区改造实施方案》的通知", "https://gov.example/1"),
    CatalogEntry(2, "某市2023年财政预算报告", "https://gov.example/2"),
    CatalogEntry(3, "某市2024年财政预算报告", "https://gov.example/3"),
    CatalogEntry(4, "关于做好2024年春节期间安全生产工作的通知", ""),
]


def test_already_published_names_the_entry_and_its_address():
    (s,) = run("请提供某市2024年度财政预算报告", catalog_titles=CATALOG)
    assert s.kind == "already_published" and s.related_ids == (3,)
    assert "https://gov.example/3" in s.evidence[0] and "第三十六条第（一）项" in s.message


def test_already_published_found_inside_a_long_request():
    text = "为了解改造范围和资金来源，申请公开某市老旧小区改造实施方案，以电子邮件方式提供。"
    (s,) = run(text, catalog_titles=CATALOG)
    assert s.related_ids == (1,)


def test_nothing_alike_in_the_catalogue():
    assert run("申请公开某区2022年征地补偿安置方案", catalog_titles=CATALOG) == []


def test_duplicate_of_an_answered_request():
    history = [
        past("R-1", "申请公开某市2023年财政预算报告", 90),
        past("R-2", "申请公开幸福路拓宽工程规划许可证", 60),
    ]
    (s,) = run("请提供贵单位2023年度财政预算报告全文", applicant_history=history)
    assert s.kind == "duplicate" and s.related_ids == ("R-1",)
    assert "第三十六条第（六）项" in s.message
    assert "予以公开" in s.evidence[0] and "R-1" in s.evidence[0]


def test_not_a_duplicate_when_the_year_differs_or_no_answer_was_given():
    history = [
        past("R-1", "申请公开某市2023年财政预算报告", 90),
        past("R-2", "申请公开某市2024年财政预算报告", 30, outcome=None),  # still open
        past("R-3", "申请公开某市2024年财政预算报告", 20, outcome="other_no_correction"),
    ]
    assert run("申请公开某市2024年财政预算报告", applicant_history=history) == []


def test_history_of_other_applicants_and_the_future_is_ignored():
    history = [
        past("R-1", "申请公开某市2023年财政预算报告", 90, applicant="b" * 64),
        past("R-2", "申请公开某市2023年财政预算报告", -5),  # after today: a replay
    ]
    found = run("申请公开某市2023年财政预算报告", applicant_history=history, applicant_key=ME)
    assert found == []


def _many(n, days_apart):
    topics = ["预算", "决算", "采购", "招标", "规划", "许可", "处罚", "收费", "补贴", "统计"]
    return [
        past(f"V-{i}", f"申请公开某局{topics[i % 10]}第{i}号文件", 1 + i * days_apart, None)
        for i in range(n)
    ]


def test_high_volume_in_thirty_days():
    (s,) = run("申请公开某局2024年工作要点", applicant_history=_many(9, 3))
    assert s.kind == "high_volume" and "第三十五条" in s.message
    assert s.evidence == ("近 30 日内共 10 件（含本件），参考线为 10 件",)
    assert len(s.related_ids) == 9
    assert run("申请公开某局2024年工作要点", applicant_history=_many(8, 3)) == []


def test_high_volume_in_a_year_and_configurable():
    history = _many(29, 12)  # about 12 days apart: never 10 in a month, 30 in a year
    (s,) = run("申请公开某局2024年工作要点", applicant_history=history)
    assert s.evidence == ("近 365 日内共 30 件（含本件），参考线为 30 件",)
    strict = TriageSettings(volume=VolumeThresholds(windows=((7, 2),)))
    (s,) = run("申请公开某局2024年工作要点", applicant_history=_many(1, 3), settings=strict)
    assert s.evidence == ("近 7 日内共 2 件（含本件），参考线为 2 件",)


def test_make_proactive_when_several_applicants_asked():
    others = [
        past("O-1", "申请公开幸福路拓宽工程规划许可证", 40, applicant="b" * 64),
        past("O-2", "请提供幸福路拓宽工程的建设工程规划许可证", 20, applicant="c" * 64),
        past("O-3", "申请公开幸福路拓宽工程规划许可证及附图", 10, applicant="c" * 64),
        past("O-4", "申请公开幸福路拓宽工程的环境影响评价报告", 10, applicant="d" * 64),
    ]
    (s,) = run("申请公开幸福路拓宽工程的建设工程规划许可证", others=others, applicant_key=ME)
    assert s.kind == "make_proactive" and "第四十四条" in s.message
    assert "另有 2 位申请人" in s.message
    assert set(s.related_ids) in ({"O-1", "O-2"}, {"O-1", "O-3"})


def test_make_proactive_needs_enough_applicants_and_disclosable_information():
    one_other = [past("O-1", "申请公开幸福路拓宽工程规划许可证", 40, applicant="b" * 64)]
    assert run("申请公开幸福路拓宽工程规划许可证", others=one_other) == []
    withheld = one_other + [
        past("O-2", "申请公开幸福路拓宽工程规划许可证", 9, "withheld_third_party", "c" * 64)
    ]
    assert run("申请公开幸福路拓宽工程规划许可证", others=withheld) == []
    two = TriageSettings(proactive_min_applicants=2)
    assert kinds(run("申请公开幸福路拓宽工程规划许可证", others=one_other, settings=two)) == [
        "make_proactive"
    ]
    # The applicant's own earlier requests are not "other applicants".
    mine = [past("M-1", "申请公开幸福路拓宽工程规划许可证", 40)]
    assert (
        run("申请公开幸福路拓宽工程规划许可证", others=mine, applicant_key=ME, settings=two) == []
    )


def test_several_suggestions_come_in_a_fixed_order():
    history = [past("R-1", "举报某公司偷排污水，要求查处，并提供2023年统计年鉴", 30)]
    found = run(
        "举报某公司偷排污水，要求查处，并提供2023年统计年鉴",
        applicant_history=history + _many(9, 2),
    )
    assert kinds(found) == ["petition", "publication", "duplicate", "high_volume"]
    assert [k for k in KINDS if k in kinds(found)] == kinds(found)


def test_catalogue_scale_stays_fast():
    import time

    catalog = [CatalogEntry(i, f"关于印发第{i}号某市某领域工作方案的通知", "") for i in range(3000)]
    started = time.perf_counter()
    run("申请公开某市老旧小区改造实施方案", catalog_titles=catalog)
    assert time.perf_counter() - started < 2.0
