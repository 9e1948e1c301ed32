"""What keeps search and record pages fast on a million records, checked on both databases:
ranking stops at a bounded set of the newest matches, the count is capped, and a record page
costs a fixed handful of queries."""

import pytest
from django.db import connection

from gongkai.catalog import search
from gongkai.catalog.domain.text_search import Query, Term
from gongkai.catalog.search import postgres, sqlite


def words(*tokens: str) -> Query:
    """A query of whole words, without parts (as a word the index holds is searched)."""
    return Query(text=" ".join(tokens), words=tuple(Term(t) for t in tokens))


pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cap(monkeypatch):
    def set_cap(n):
        module = postgres if connection.vendor == "postgresql" else sqlite
        monkeypatch.setattr(module, "CANDIDATES", n)
        monkeypatch.setattr(module, "COUNT_CAP", n)

    return set_cap


@pytest.fixture
def parking(published):
    """The oldest has the word in its title (the best hit), the four newer only in the body."""
    best = published(title="城区停车场建设规划", body="<p>规划说明。</p>")
    newer = [published(title=f"通知{i}", body="<p>关于停车场的说明。</p>") for i in range(4)]
    return best, newer


def test_below_the_cap_every_match_is_ranked_and_counted(cap, parking):
    cap(10)
    best, newer = parking
    results = search.search("停车场", search.Filters())
    assert (results.total, results.capped) == (5, False)
    assert results.items[0].record.pk == best.pk
    assert {r.record.pk for r in results.items} == {best.pk} | {r.pk for r in newer}


def test_above_the_cap_the_newest_matches_are_ranked_and_the_count_says_more(cap, parking):
    cap(3)
    best, newer = parking
    results = search.search("停车场", search.Filters())
    assert (results.total, results.capped) == (3, True)
    assert {r.record.pk for r in results.items} == {r.pk for r in newer[-3:]}
    assert search.search("停车场", search.Filters(), page=2).items == []


def test_filters_apply_before_the_cap(cap, parking, category, published):
    cap(2)
    budget = published(title="停车场收费预算", body="<p>预算。</p>", category=category("7-1"))
    hits = search.search("停车场", search.Filters(category_ids=(category("7-1").pk,)))
    assert ([r.record.pk for r in hits.items], hits.total, hits.capped) == ([budget.pk], 1, False)


def test_record_page_shows_interpretations_in_a_fixed_number_of_queries(
    client, published, django_assert_max_num_queries
):
    policy = published(title="关于印发停车场管理办法的通知")
    reading = published(title="《停车场管理办法》政策解读", interprets=policy, doc_type="other")
    with django_assert_max_num_queries(6):
        page = client.get(f"/info/{policy.pk}/")
    assert page.status_code == 200
    assert f"/info/{reading.pk}/" in page.text and "政策解读" in page.text
    back = client.get(f"/info/{reading.pk}/")
    assert f"/info/{policy.pk}/" in back.text and "解读的政策文件" in back.text


@pytest.mark.parametrize("way", ["index", "walk", "walk cut short"])
def test_walking_the_key_and_reading_the_index_find_the_same_candidates(
    monkeypatch, cap, parking, category, published, way
):
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL chooses between the two ways")
    best, newer = parking
    budget = published(title="停车场收费预算", body="<p>预算。</p>", category=category("7-1"))
    many = 0 if way == "index" else 10**9
    monkeypatch.setattr(postgres, "_most_matches", lambda terms, clauses: many)
    if way == "walk cut short":  # the walk gives up before the oldest ids; the index answers
        monkeypatch.setattr(postgres, "WALK_IDS", 2)
    cap(3)
    results = search.search("停车场", search.Filters())
    assert [r.record.pk for r in results.items] == [budget.pk, newer[3].pk, newer[2].pk]
    assert (results.total, results.capped) == (3, True)
    only = search.search("停车场", search.Filters(category_ids=(category("7-1").pk,)))
    assert ([r.record.pk for r in only.items], only.total, only.capped) == ([budget.pk], 1, False)
    assert search.search("低保", search.Filters()).items == []
    assert search.search("停车场", search.Filters(), page=2).total == 3


def test_the_choice_reads_the_statistics_of_the_vectors(parking, category, published):
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL chooses between the two ways")
    budget = published(title="停车场收费预算", body="<p>预算。</p>", category=category("7-1"))
    search.backend().clear()  # the index table outlives other tests' records
    search.index_records([budget.pk, parking[0].pk, *[r.pk for r in parking[1]]])
    with connection.cursor() as cur:
        cur.execute(f"ANALYZE {postgres.TABLE}")
    postgres._statistics["at"] = float("-inf")  # read them afresh
    rows, frequency = postgres._element_statistics()
    assert rows == 6 and frequency["停车场"] == pytest.approx(1.0)
    assert postgres._most_matches(words("停车场"), []) == pytest.approx(6)
    assert postgres._most_matches(words("停车场"), [(f"_c{category('7-1').pk}",)]) == pytest.approx(
        1
    )
    assert postgres._most_matches(words("没有这个词"), []) == 0
    postgres._statistics["at"] = float("-inf")


def test_matches_the_records_refuse_are_made_up_from_older_ones(
    monkeypatch, cap, parking, office, draft
):
    """PostgreSQL looks up only the newest index matches among the records; when more of them
    than SLACK fail (here: one scheduled for tomorrow), it looks again among them all."""
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL looks up a part of the matches")
    import datetime as dt

    from django.utils import timezone

    from gongkai.catalog import actions

    best, newer = parking
    later = draft(title="明日公布的停车场收费标准")
    actions.submit(actor=office["publisher"], record=later)
    actions.approve(actor=office["reviewer"], record=later, opinion="不涉密，同意公开。")
    actions.publish(
        actor=office["publisher"], record=later, at=timezone.now() + dt.timedelta(days=1)
    )
    monkeypatch.setattr(postgres, "_most_matches", lambda terms, clauses: 0)  # the index way
    monkeypatch.setattr(postgres, "SLACK", 0)
    cap(2)
    results = search.search("停车场", search.Filters())
    assert [r.record.pk for r in results.items] == [newer[3].pk, newer[2].pk]
    assert (results.total, results.capped) == (2, True)
    assert later.pk not in [r.record.pk for r in search.search("收费标准", search.Filters()).items]
