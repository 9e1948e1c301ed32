import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_fills_a_year_of_the_county_catalog(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from gongkai.catalog import search
    from gongkai.catalog.models import Category, Record
    from gongkai.catalog.stats import regulation_counts
    from gongkai.demo import seed
    from gongkai.organisations.models import Agency

    seed()
    county = Agency.objects.get(code="demo-county")
    public = Record.objects.filter(agency=county, is_public=True)
    assert public.count() >= 55
    leaves = Category.objects.filter(agency=county, children__isnull=True).exclude(kind="")
    empty = [
        c.name
        for c in Category.objects.filter(agency=county, children__isnull=True)
        if not public.filter(category=c).exists()
    ]
    assert empty == [], empty
    assert leaves.filter(kind="annual_report").exists()
    assert public.filter(publish_late=True).count() == 1
    assert public.filter(interprets__isnull=False).count() == 4
    assert set(Record.objects.exclude(state="published").values_list("state", flat=True)) == {
        "draft",
        "submitted",
        "approved",
    }
    year = timezone.localdate().year
    counts = [regulation_counts(county, y) for y in (year - 1, year)]
    assert sum(c["normative_documents"]["issued"] for c in counts) == 8
    assert sum(c["normative_documents"]["abolished"] for c in counts) == 1
    assert counts[1]["normative_documents"]["in_force"] == 7
    # A county makes no 规章 (立法法 第九十三条): neither a heading nor a figure for them.
    assert not Category.objects.filter(agency=county, name="规章").exists()
    assert all(c["regulations"]["issued"] == 0 for c in counts)
    titles = list(Record.objects.filter(agency=county).values_list("title", flat=True))
    assert len(titles) == len(set(titles)), "duplicate record titles"
    assert search.search("义务教育 招生", search.Filters()).total >= 1
