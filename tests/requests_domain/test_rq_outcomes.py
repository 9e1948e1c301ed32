"""Outcome keys, the provisions they cite, remedies, and reading them from ledgers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.annual_report.tables import OUTCOME_ROWS, REQUEST_ROWS
from gongkai.requests.domain.outcomes import (
    OUTCOMES,
    OutcomeError,
    legal_basis,
    parse_outcome,
    remedies_text,
)


def test_keys_are_the_reports_2021_outcome_rows_in_order():
    assert tuple(OUTCOMES) == OUTCOME_ROWS["2021"]
    for key, outcome in OUTCOMES.items():
        assert outcome.report_label == REQUEST_ROWS["2021"][key]


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("disclosed", "予以公开"),
        ("partially_disclosed", "部分公开"),
        ("withheld_third_party", "不予公开-保护第三方合法权益"),
        ("unavailable_not_held", "无法提供-本机关不掌握相关政府信息"),
        ("not_processed_duplicate", "不予处理-重复申请"),
        ("other_misc", "其他处理-其他"),
    ],
)
def test_labels(key, label):
    assert OUTCOMES[key].label == label


@pytest.mark.parametrize(
    ("key", "basis"),
    [
        ("disclosed", "第三十六条第（二）项"),
        ("partially_disclosed", "第三十七条"),
        ("withheld_state_secret", "第十四条、第三十六条第（三）项"),
        ("withheld_third_party", "第十五条、第三十六条第（三）项"),
        ("withheld_internal_affairs", "第十六条第一款、第三十六条第（三）项"),
        ("withheld_process_info", "第十六条第二款、第三十六条第（三）项"),
        ("withheld_admin_query", "第三十六条第（七）项"),
        ("unavailable_not_held", "第三十六条第（四）项"),
        ("unavailable_needs_creation", "第三十八条"),
        ("not_processed_petition", "第三十九条第一款"),
        ("not_processed_duplicate", "第三十六条第（六）项"),
        ("not_processed_publication", "第三十九条第二款"),
        ("not_processed_excessive", "第三十五条"),
        ("other_no_correction", "第三十条"),
    ],
)
def test_legal_basis_is_exact(key, basis):
    assert legal_basis(key) == f"《中华人民共和国政府信息公开条例》{basis}"
    assert OUTCOMES[key].article == basis


def test_alternative_items_of_article_36():
    assert legal_basis("disclosed", art36_item=1).endswith("第三十六条第（一）项")
    assert legal_basis("unavailable_not_held", art36_item=5).endswith("第三十六条第（五）项")
    with pytest.raises(OutcomeError, match="不是第（三）项"):
        legal_basis("disclosed", art36_item=3)
    assert "109号" in legal_basis("other_unpaid_fee")
    assert legal_basis("other_misc") is None


def test_every_reply_item_of_article_36_is_used():
    used = {i for o in OUTCOMES.values() for i in o.art36_items}
    assert used == {1, 2, 3, 4, 5, 6, 7}


def test_remedies_for_an_ordinary_reply():
    text = remedies_text("disclosed", date(2025, 10, 28), court="某市某区人民法院")
    assert "60日内" in text and "6个月内" in text
    assert "向某市某区人民法院提起行政诉讼" in text
    assert "第二十三条" not in text


def test_a_refusal_since_2024_must_go_to_reconsideration_first():
    text = remedies_text(
        "withheld_third_party", date(2024, 1, 1), reconsideration_body="某市人民政府"
    )
    assert "向某市人民政府申请行政复议" in text
    assert "第二十三条" in text and "应当先申请行政复议" in text
    assert "6个月内" not in text  # no direct suit offered
    before = remedies_text("withheld_third_party", date(2023, 12, 29))
    assert "第二十三条" not in before and "6个月内" in before


def test_partial_disclosure_names_the_withheld_part():
    text = remedies_text("partially_disclosed", date(2025, 3, 3))
    assert "其中对不予公开部分不服的" in text and "第二十三条" in text


def test_remedies_refuse_an_unknown_outcome():
    with pytest.raises(OutcomeError):
        remedies_text("rejected", date(2025, 1, 1))


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("withheld_third_party", "withheld_third_party"),
        ("不予公开-保护第三方合法权益", "withheld_third_party"),
        ("不予公开－保护第三方合法权益", "withheld_third_party"),
        (" 不予公开：保护第三方合法权益 ", "withheld_third_party"),
        ("部分公开", "partially_disclosed"),
        ("重复申请", "not_processed_duplicate"),
        ("（三）不予公开 4.保护第三方合法权益", "withheld_third_party"),
        ("予以公开", "disclosed"),
        ("其他处理", "other_misc"),
    ],
)
def test_parse_outcome(text, key):
    assert parse_outcome(text) == key


def test_parse_outcome_error_lists_valid_values():
    with pytest.raises(OutcomeError) as exc:
        parse_outcome("不予公开")  # which of the eight?
    assert "无法识别的办理结果“不予公开”" in str(exc.value)
    assert "不予公开-属于国家秘密" in str(exc.value)


@given(st.sampled_from(sorted(OUTCOMES)))
def test_every_key_and_label_parses_back(key):
    assert parse_outcome(key) == key
    assert parse_outcome(OUTCOMES[key].label) == key
    assert parse_outcome(OUTCOMES[key].report_label) == key


def test_only_closed_requests_that_disclosed_may_become_proactive():
    from gongkai.requests.domain.outcomes import may_become_proactive

    allowed = {k for k in OUTCOMES if may_become_proactive(closed=True, outcome=k)}
    assert allowed == {"disclosed", "partially_disclosed"}
    assert not may_become_proactive(closed=False, outcome="disclosed")
    assert not may_become_proactive(closed=True, outcome=None)
    assert not may_become_proactive(closed=True, outcome="no_such_outcome")
