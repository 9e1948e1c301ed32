"""Pure rules of the catalog: workflow, index numbers, validity, timeliness, counting, text."""

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.catalog.domain import content, index_number, kinds, stats, text_search, timeliness
from gongkai.catalog.domain.workflow import (
    TRANSITIONS,
    Event,
    IllegalTransition,
    State,
    check_note,
    next_state,
    review_conclusion,
)
from gongkai.workdays.calendar import WorkdayCalendar
from gongkai.workdays.deadline import add_working_days


@given(st.sampled_from(list(State)), st.sampled_from(list(Event)))
def test_every_pair_outside_the_table_is_refused(state, event):
    if (state, event) in TRANSITIONS:
        assert next_state(state, event) == TRANSITIONS[(state, event)]
    else:
        with pytest.raises(IllegalTransition, match="不能"):
            next_state(state, event)


def test_a_draft_cannot_be_published_without_review():
    with pytest.raises(IllegalTransition):
        next_state(State.DRAFT, Event.PUBLISH)
    with pytest.raises(IllegalTransition):
        next_state(State.SUBMITTED, Event.PUBLISH)
    assert next_state(State.APPROVED, Event.PUBLISH) == State.PUBLISHED


def test_review_and_withdrawal_need_reasons():
    for event in (Event.APPROVE, Event.RETURN, Event.WITHDRAW):
        with pytest.raises(IllegalTransition):
            check_note(event, "  ")
    check_note(Event.SUBMIT, "")


@given(st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=50, unique=True))
def test_index_numbers_from_distinct_serials_are_distinct(serials):
    numbers = {
        index_number.format_number(
            index_number.DEFAULT_SCHEME, org="01525502", cat="2", year=2021, serial=s
        )
        for s in serials
    }
    assert len(numbers) == len(serials)


@given(st.integers(min_value=2000, max_value=2100), st.integers(min_value=1, max_value=99999))
def test_numbers_of_different_years_never_collide(year, serial):
    scheme = "{org}-{cat}-/{year}-{serial:07d}"
    a = index_number.format_number(scheme, org="01525502", cat="2", year=year, serial=serial)
    b = index_number.format_number(scheme, org="01525502", cat="2", year=year + 1, serial=serial)
    assert a != b
    assert a == f"01525502-2-/{year}-{serial:07d}"


@pytest.mark.parametrize(
    "scheme,fragment",
    [("{org}-{year}", "{serial}"), ("{org}/{serial}", "{year}"), ("{x}-{serial}-{year}", "未知")],
)
def test_schemes_that_would_repeat_numbers_are_refused(scheme, fragment):
    with pytest.raises(index_number.SchemeError, match=fragment.strip("{}")):
        index_number.check_scheme(scheme)


def test_full_width_index_numbers_compare_equal():
    assert index_number.normalise(" 01525502－2／2021－00012 ") == "01525502-2/2021-00012"


@given(st.text(max_size=200))
def test_sanitiser_never_lets_a_script_through(text):
    dirty = f"<p>{text}</p><script>alert(1)</script><img src=x onerror=alert(2)>"
    dirty += f'<a href="javascript:alert(3)">{text}</a>'
    clean = content.sanitise_html(dirty).lower()
    assert "<script" not in clean and "onerror" not in clean and "javascript:" not in clean


def test_sanitiser_keeps_structure():
    html = "<h2>一、总体要求</h2><p>按照<strong>规定</strong></p><table><tbody><tr><td>1</td></tr></tbody></table>"
    assert content.sanitise_html(html) == html


def test_attachments_are_judged_by_content():
    assert content.check_attachment("a.pdf", b"%PDF-1.7\n...") == "pdf"
    with pytest.raises(content.AttachmentError, match="格式不受支持"):
        content.check_attachment("fake.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(content.AttachmentError, match="空文件"):
        content.check_attachment("a.pdf", b"")


def test_validity_rules():
    today = date(2025, 6, 1)
    kinds.check_validity("regulation", kinds.ValidityInfo("effective"), today=today)
    with pytest.raises(kinds.ValidityError, match="有效性"):
        kinds.check_validity("normative", kinds.ValidityInfo(""), today=today)
    with pytest.raises(kinds.ValidityError, match="废止它的文件"):
        kinds.check_validity(
            "normative", kinds.ValidityInfo("repealed", None, date(2025, 1, 1)), today=today
        )
    with pytest.raises(kinds.ValidityError, match="只有规章"):
        kinds.check_validity("news", kinds.ValidityInfo("effective"), today=today)


def test_regulation_counts():
    docs = [
        stats.RuleDoc("regulation", date(2024, 3, 1), "effective", date(2024, 4, 1), None),
        stats.RuleDoc("regulation", date(2023, 3, 1), "repealed", None, date(2024, 7, 1)),
        stats.RuleDoc("normative", date(2024, 12, 20), "effective", date(2025, 1, 1), None),
        stats.RuleDoc("normative", date(2020, 1, 1), "expired", None, date(2025, 1, 1)),
        stats.RuleDoc("news", date(2024, 1, 1), "", None, None),
    ]
    counts = stats.regulation_counts(docs, 2024)
    assert counts["regulations"] == {"issued": 1, "abolished": 1, "in_force": 1}
    # issued in 2024 but in force only from 2025; the expired one still ran through 2024
    assert counts["normative_documents"] == {"issued": 1, "abolished": 0, "in_force": 1}


def test_publication_timeliness_counts_working_days():
    cal = WorkdayCalendar([])  # the package schedules only: no database here
    formed = date(2025, 9, 26)  # a Friday before the National Day break
    limit = add_working_days(cal, formed, 20).due
    after = add_working_days(cal, formed, 21).due
    assert limit > date(2025, 10, 24)  # the break and its adjusted Sunday were counted
    assert not timeliness.publication(cal, formed, limit).late
    late = timeliness.publication(cal, formed, after)
    assert late.late and late.working_days == 21 and "超期" in late.label
    # 2025-09-28 (Sunday) was a working day; 09-30 is the third, 10-09 the fourth.
    assert timeliness.interpretation(cal, formed, date(2025, 9, 30)).late is False
    assert timeliness.interpretation(cal, formed, date(2025, 10, 9)).late is True


@settings(deadline=None)  # jieba loads its dictionary on first use
@given(st.text(max_size=2000))
def test_any_query_becomes_plain_terms(raw):
    query = text_search.parse_query(raw)
    assert len(query.words) <= text_search.MAX_QUERY_TERMS
    for term in query.terms:
        assert term and all(ch.isalnum() for ch in term)
    # Outside its quoted strings the expression is only the grammar fts5_match writes.
    outside = re.sub(r'"(?:[^"]|"")*"', "", text_search.fts5_match(query))
    assert set(outside.replace("AND", "").replace("OR", "")) <= set("() ")


def test_operators_are_dropped_and_snippets_escaped():
    q = text_search.parse_query('预算 AND (决算) OR "收费" NOT *')
    assert q.terms == ("预算", "决算", "收费")
    html = text_search.snippet("<b>2025年预算</b>报告", q.terms)
    assert "&lt;b&gt;" in html and "<mark>预算</mark>" in html


def test_index_tokens_contain_the_query_terms_of_the_same_text():
    title = "示范县人民政府关于印发2025年政府信息公开工作要点的通知"
    tokens = set(text_search.index_tokens(title))
    assert set(text_search.parse_query(title).terms) <= tokens


def test_plain_text_keeps_blocks_and_table_cells_apart():
    html = "<p>甲</p><p>乙</p><table><tr><td>位置</td><td>车位</td></tr></table>一<br>二<b>三</b>"
    assert content.plain_text(html) == "甲 乙 位置 车位 一 二三"
    assert content.plain_text("a &lt;b&gt; &amp; c") == "a ＜b＞ & c"


def test_the_review_sheet_states_the_legal_conclusion_of_each_decision():
    assert review_conclusion("approve") == (
        "经审查，不涉及国家秘密、商业秘密、个人隐私等不予公开的内容，同意公开。"
    )
    assert review_conclusion(Event.RETURN) == "退回修改。"
    with pytest.raises(KeyError):  # publishing is not a review decision
        review_conclusion("publish")
