"""The same corpus, the same queries, the same hits on SQLite and on PostgreSQL: the expected
sets are written out by hand and CI runs this file against both databases."""

import datetime as dt

import pytest
from django.db import connection

from gongkai.catalog import search
from gongkai.catalog.search.base import SearchBackend

pytestmark = pytest.mark.django_db(transaction=True)

CORPUS = {
    "budget": ("示范县2024年部门预算", "<p>一般公共预算收入和支出情况。</p>", "budget", "7-1"),
    "accounts": ("示范县2023年部门决算", "<p>决算收入支出总表。</p>", "budget", "7-1"),
    "school": ("2025年义务教育学校招生划片方案", "<p>城关镇小学招生范围。</p>", "notice", "9-2"),
    "road": ("城区道路改造工程招标公告", "<p>道路改造工程公开招标。</p>", "notice", "8"),
    "norm": ("关于规范行政事业性收费管理的通知", "<p>收费项目清单。</p>", "normative", "2-2"),
    "english": ("Open Government Data 开放数据目录", "<p>API and CSV downloads.</p>", "other", "4"),
}
QUERIES = {
    # Both are filed under 财政预算决算 (the subject line): the title's own word ranks first.
    "预算": {"budget", "accounts"},
    "决算": {"accounts", "budget"},
    "招生": {"school"},
    "道路 改造": {"road"},
    "道路 预算": set(),
    "收费": {"norm"},
    "data": {"english"},
    "DATA csv": {"english"},
    "示范县": {"budget", "accounts"},
    '"招生" OR 道路': set(),  # OR is no operator here: both terms must match
}


@pytest.fixture
def corpus(office, published, category):
    ids = {}
    for key, (title, body, doc_type, cat) in CORPUS.items():
        extra = {"validity": "effective"} if doc_type == "normative" else {}
        record = published(
            title=title, body=body, doc_type=doc_type, category=category(cat), **extra
        )
        ids[record.pk] = key
    return ids


@pytest.mark.parametrize("q,expected", list(QUERIES.items()))
def test_same_hits_on_every_database(corpus, q, expected):
    results = search.search(q, search.Filters())
    assert {corpus[r.record.pk] for r in results.items} == expected, connection.vendor
    assert results.total == len(expected)


def test_filters(corpus, office, category):
    year = dt.date.today().year
    hits = search.search("示范县", search.Filters(doc_type="budget", year=year))
    assert len(hits.items) == 2
    assert search.search("示范县", search.Filters(year=year - 3)).items == []
    assert search.search("示范县", search.Filters(agency_ids=(office["other"].pk,))).items == []
    only = search.search("收费", search.Filters(validity="effective"))
    assert [corpus[r.record.pk] for r in only.items] == ["norm"]
    cat = search.Filters(category_ids=(category("7-1").pk,))
    assert {corpus[r.record.pk] for r in search.search("示范县", cat).items} == {
        "budget",
        "accounts",
    }


def test_title_hits_rank_above_body_hits(office, published):
    body_only = published(title="通知", body="<p>关于停车场的说明，停车场建设。</p>")
    in_title = published(title="城区停车场建设规划", body="<p>规划说明。</p>")
    results = search.search("停车场", search.Filters())
    assert [r.record.pk for r in results.items] == [in_title.pk, body_only.pk]
    assert "<mark>停车场</mark>" in results.items[0].title_html


def test_ranking_is_head_hits_then_subject_hits_then_newest_on_every_database(office, published):
    """base.py's ranking, pinned by hand: the same order on SQLite and on PostgreSQL."""
    twice = published(title="停车场管理办法", subject_words="停车场", body="<p>办法全文。</p>")
    once = published(title="城区停车场建设规划", body="<p>规划说明。</p>")
    older_body = published(title="收费标准的通知", body="<p>停车场收费标准，停车场名单。</p>")
    newer_body = published(title="建设进展通报", body="<p>新建停车场三处。</p>")
    ranked = [r.record.pk for r in search.search("停车场", search.Filters()).items]
    assert ranked == [twice.pk, once.pk, newer_body.pk, older_body.pk], connection.vendor
    page_two = search.search("停车场", search.Filters(), page=2)
    assert page_two.items == [] and page_two.total == 4


def test_backends_implement_the_protocol():
    import inspect

    from gongkai.catalog.search.postgres import PostgresBackend
    from gongkai.catalog.search.sqlite import SqliteBackend

    methods = [n for n, v in vars(SearchBackend).items() if callable(v) and not n.startswith("_")]
    assert sorted(methods) == ["clear", "index", "remove", "search"]
    for cls in (SqliteBackend, PostgresBackend):
        for name in methods:
            # Same parameters, same kinds (keyword-only stays keyword-only).
            assert inspect.signature(getattr(cls, name)) == inspect.signature(
                getattr(SearchBackend, name)
            ), f"{cls.__name__}.{name}"
    expected = PostgresBackend if connection.vendor == "postgresql" else SqliteBackend
    assert type(search.backend()) is expected


# --- recall (issue 11): compound words and their parts, the subject line --------------------


def test_parts_of_a_query_word():
    from gongkai.catalog.domain.text_search import parse_query

    words = parse_query("财政预算 规范性文件").words
    assert [(w.word, w.parts) for w in words] == [
        ("财政预算", ("财政", "预算")),
        ("规范性", ("规范", "范性")),
        ("文件", ()),
    ]


@pytest.fixture
def filed(office, published, category):
    """Records whose titles never say what they are filed as, as in the demo data."""
    normative = [
        published(
            title=title, doc_type="normative", validity="effective", category=category("2-2"),
            subject_words="",
        )
        for title in ("示范县农村集体资产管理暂行办法", "示范县关于支持中小企业发展的若干措施")
    ]  # fmt: skip
    budget = published(
        title="示范县2026年部门预算", doc_type="budget", category=category("7-1"),
        subject_words="民生", body="<p>收支总表。</p>",
    )  # fmt: skip
    other = published(title="示范县预算执行审计整改情况", body="<p>整改情况。</p>")
    return {"normative": normative, "budget": budget, "other": other}


def test_normative_documents_are_found_by_their_kind(filed):
    results = search.search("规范性文件", search.Filters())
    assert {r.record.pk for r in results.items} == {r.pk for r in filed["normative"]}
    assert results.total == 2, connection.vendor
    # Matched by the subject line only: the snippet shows that line with the hit marked.
    assert "文种：行政<mark>规范性</mark><mark>文件</mark>" in results.items[0].snippet_html


def test_a_compound_query_word_finds_its_parts_together(filed):
    results = search.search("财政预算", search.Filters())
    # 部门预算 filed under 财政预算决算; 预算 alone (the audit notice) is not enough.
    assert [r.record.pk for r in results.items] == [filed["budget"].pk], connection.vendor
    assert "<mark>财政预算</mark>" in results.items[0].snippet_html


def test_a_title_match_ranks_above_a_subject_word_match(office, published):
    in_subject = published(
        title="城区交通组织优化方案", subject_words="停车场", body="<p>方案。</p>"
    )
    in_title = published(title="城区停车场建设规划", subject_words="", body="<p>规划说明。</p>")
    newer_in_subject = published(title="交通通告", subject_words="停车场", body="<p>通告。</p>")
    results = search.search("停车场", search.Filters())
    ranked = [r.record.pk for r in results.items]
    assert ranked == [in_title.pk, newer_in_subject.pk, in_subject.pk], connection.vendor
    assert "主题词：<mark>停车场</mark>" in results.items[1].snippet_html


def test_a_query_word_no_record_holds_falls_back_to_its_parts(office, published):
    both = published(title="县财政局2026年部门预算", subject_words="", body="<p>收支总表。</p>")
    published(title="县教育局2026年部门预算", subject_words="", body="<p>收支总表。</p>")
    results = search.search("财政预算", search.Filters())  # no record holds the word itself
    assert [r.record.pk for r in results.items] == [both.pk], connection.vendor
    assert "县<mark>财政</mark>局2026年部门<mark>预算</mark>" == results.items[0].title_html
