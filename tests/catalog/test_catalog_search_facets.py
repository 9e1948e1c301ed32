"""The filters as index terms (search/base.py, facets): the terms select exactly the records
the filters' columns select, they never meet a word of the text, they follow a record's
changes, and an index built before them is converted in place by migration 0006."""

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from gongkai.catalog import search
from gongkai.catalog.domain.text_search import index_tokens, parse_query
from gongkai.catalog.search.base import Filters, facet_clauses, facet_tokens

DOC_TYPES = ["notice", "normative", "regulation", "other", "document"]
VALIDITIES = ["", "effective", "expired", "repealed"]
ids = st.integers(min_value=1, max_value=6)  # few values: filters and records often share them
records = st.fixed_dictionaries(
    {
        "agency_id": ids,
        "category_id": st.none() | ids,
        "published_on": st.none() | st.dates(dt.date(2008, 1, 1), dt.date(2030, 12, 31)),
        "doc_type": st.sampled_from(DOC_TYPES),
        "validity": st.sampled_from(VALIDITIES),
    }
)
filters = st.builds(
    Filters,
    agency_ids=st.lists(ids, max_size=3).map(tuple),
    category_ids=st.lists(ids, max_size=4).map(tuple),
    year=st.none() | st.integers(2008, 2030),
    doc_type=st.sampled_from(["", *DOC_TYPES]),
    validity=st.sampled_from(VALIDITIES),
)


def passes_by_columns(record: dict, f: Filters) -> bool:
    """What filter_sql says of the record's columns, written out independently."""
    published = record["published_on"]
    return (
        (not f.agency_ids or record["agency_id"] in f.agency_ids)
        and (not f.category_ids or record["category_id"] in f.category_ids)
        and (not f.year or (published is not None and published.year == f.year))
        and (not f.doc_type or record["doc_type"] == f.doc_type)
        and (not f.validity or record["validity"] == f.validity)
    )


@given(records, filters)
def test_facet_terms_select_what_the_columns_select(record, f):
    terms = set(facet_tokens(**record))
    by_terms = all(terms & set(clause) for clause in facet_clauses(f))
    assert by_terms == passes_by_columns(record, f)


@given(st.text(alphabet=st.sampled_from("_ay2021c7公开预算 \n,._-"), max_size=60))
def test_no_text_token_looks_like_a_facet(text):
    assert not [t for t in index_tokens(text) if t.startswith("_")]
    assert not [t for t in parse_query(text).terms if t.startswith("_")]


# Indexing runs after commit, so these tests commit.
committed = pytest.mark.django_db(transaction=True)


@committed
def test_a_word_in_the_text_never_passes_for_a_filter(office, published):
    year = dt.date.today().year
    published(title=f"关于 _y{year - 5} 和 y{year - 5} 的说明", body=f"<p>_y{year - 5}</p>")
    assert search.search("说明", Filters(year=year - 5)).items == []
    assert len(search.search("说明", Filters(year=year)).items) == 1


@committed
def test_a_changed_validity_is_searchable_at_once(office, published, category):
    from gongkai.catalog import actions

    rule = published(
        title="示范县行政事业性收费管理办法",
        category=category("2-2"),
        doc_type="normative",
        validity="effective",
    )
    assert len(search.search("收费", Filters(validity="effective")).items) == 1
    actions.change_validity(
        actor=office["publisher"],
        record=rule,
        validity="repealed",
        ended_on=dt.date.today(),
        basis="示府规〔2026〕1号",
    )
    assert search.search("收费", Filters(validity="effective")).items == []
    assert [r.record.pk for r in search.search("收费", Filters(validity="repealed")).items] == [
        rule.pk
    ]


def _old_tsvector(doc) -> str:
    """The PostgreSQL vector as 0005 wrote it: positions, the head's weighing A."""
    positions: dict[str, list[str]] = {}
    tokens = [(t, "A") for t in doc.title_tokens] + [(t, "") for t in doc.body_tokens]
    for at, (token, weight) in enumerate(tokens, 1):
        positions.setdefault(token, []).append(f"{at}{weight}")
    return " ".join("'" + t + "':" + ",".join(p) for t, p in positions.items())


def _index_as_before_0006(records):
    """The index as it was before migration 0006: the same tokens, no facets, old layouts."""
    from gongkai.catalog.search import postgres, sqlite

    docs = [search.document_for(r.pk, r.live.data) for r in records]
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute(f"DROP TABLE {sqlite.TABLE}")
            cur.execute(
                f"CREATE VIRTUAL TABLE {sqlite.TABLE} USING fts5("
                'title, body, tokenize = "unicode61 remove_diacritics 0")'
            )
            cur.executemany(
                f"INSERT INTO {sqlite.TABLE}(rowid, title, body) VALUES (%s, %s, %s)",
                [(d.id, " ".join(d.title_tokens), " ".join(d.body_tokens)) for d in docs],
            )
        else:
            cur.execute(f"DROP TABLE {postgres.TABLE}")
            cur.execute(
                f"CREATE TABLE {postgres.TABLE} (record_id bigint PRIMARY KEY, tsv tsvector NOT NULL)"
            )
            cur.execute(f"CREATE INDEX {postgres.TABLE}_tsv ON {postgres.TABLE} USING gin (tsv)")
            cur.executemany(
                f"INSERT INTO {postgres.TABLE} VALUES (%s, %s::tsvector)",
                [(d.id, _old_tsvector(d)) for d in docs],
            )
    return docs


@committed
def test_migration_adds_the_facets_to_an_existing_index(office, published, category):
    year = dt.date.today().year
    budget = published(title="示范县部门预算", category=category("7-1"), doc_type="budget")
    notice = published(title="示范县招生公告", category=category("9-2"))
    other = published(title="示范县部门预算公开", category=category("7-1"))
    docs = _index_as_before_0006([budget, notice, other])

    migration = importlib.import_module("gongkai.catalog.migrations.0006_search_facets")
    migration.forward(None, SimpleNamespace(connection=connection))
    # 0009 re-indexes the rows 0006 converted: the subject line from the live versions.
    reindex = importlib.import_module("gongkai.catalog.migrations.0009_search_subject_line")
    reindex.forward(None, SimpleNamespace(connection=connection))

    def hits(q, **kw):
        return {r.record.pk for r in search.search(q, Filters(**kw)).items}

    assert hits("示范县", year=year) == {budget.pk, notice.pk, other.pk}
    assert hits("示范县", category_ids=(category("7-1").pk,)) == {budget.pk, other.pk}
    assert hits("预算", doc_type="budget") == {budget.pk}
    assert hits("招生") == {notice.pk}
    assert hits("财政预算") == {budget.pk, other.pk}  # filed under 财政预算决算
    assert hits("财政预算", doc_type="budget") == {budget.pk}
    assert hits("示范县", agency_ids=(office["other"].pk,)) == set()
    if connection.vendor == "postgresql":  # the head's tokens, in order, out of the old weights
        with connection.cursor() as cur:
            cur.execute("SELECT record_id, head FROM catalog_searchdoc ORDER BY record_id")
            assert cur.fetchall() == [(d.id, d.title_tokens) for d in docs]
    migration.forward(None, SimpleNamespace(connection=connection))  # a second run changes nothing
    reindex.forward(None, SimpleNamespace(connection=connection))
    assert hits("示范县", year=year) == {budget.pk, notice.pk, other.pk}
    assert hits("财政预算") == {budget.pk, other.pk}
