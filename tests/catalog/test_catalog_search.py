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
    "预算": {"budget"},
    "决算": {"accounts"},
    "招生": {"school"},
    "道路 改造": {"road"},
    "道路 预算": set(),
    "收费": {"norm"},
    "data": {"english"},
    "DATA csv": {"english"},
    "示范县": {"budget", "accounts"},
    '"部门" OR 预算': {"budget"},  # OR is no operator here: both terms must match
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


def test_ranking_is_head_hits_then_newest_on_every_database(office, published):
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
