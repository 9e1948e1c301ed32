"""The supervisor's pages: the comparison reads one way (later minus earlier, as 同比 does)
and colours by direction, asks which reports to compare when none are named; a unit opens
from the units table."""

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.reports.actions import library
from gongkai.reports.models import PublishedReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_years(region, login, fixture_bytes):
    for name in ("heshan-office-2019.txt", "baoshan-office-2020.txt"):
        library.upload_report(
            actor=region["supervisor"],
            within=region["city"],
            data=fixture_bytes(name),
            filename=name,
        )
    client = login(Client(), region["supervisor"])
    earlier, later = PublishedReport.objects.order_by("year")
    return client, earlier, later


def _received(report):
    return report.data["requests"]["received_this_year"]["total"]


def test_the_change_is_later_minus_earlier_whichever_was_picked_first(two_years):
    client, earlier, later = two_years
    expected = _received(later) - _received(earlier)
    assert expected  # the two fixtures differ here, or the test proves nothing
    for a, b in ((earlier, later), (later, earlier)):
        page = client.get(reverse("reports:compare"), {"a": a.pk, "b": b.pk, "all": "1"})
        cells = {c.path: c for c in page.context["cells"]}
        change = cells["requests.received_this_year.total"]
        assert (change.a, change.b, change.change) == (
            _received(earlier),
            _received(later),
            expected,
        )
        assert page.context["a"] == earlier and page.context["b"] == later
        direction = "up" if expected > 0 else "down"
        assert change.direction == direction
        assert f'class="num change {direction}"' in page.text
        assert f'<th scope="col">{earlier.year} 年度</th>' in page.text


def test_changes_are_coloured_by_direction_not_all_alike(two_years):
    client, earlier, later = two_years
    page = client.get(reverse("reports:compare"), {"a": earlier.pk, "b": later.pk})
    directions = {c.direction for c in page.context["cells"]}
    assert directions <= {"up", "down"} and page.context["cells"]
    for c in page.context["cells"]:
        assert (c.direction == "up") == (c.change > 0)
    assert 'class="num changed"' not in page.text


def test_without_reports_named_the_page_offers_a_choice(two_years):
    client, earlier, later = two_years
    page = client.get(reverse("reports:compare"))
    assert page.status_code == 200 and "报告一" in page.text and "报告二" in page.text
    assert f'<option value="{earlier.pk}"' in page.text
    half = client.get(reverse("reports:compare"), {"a": later.pk})
    assert half.status_code == 200 and f'<option value="{later.pk}" selected' in half.text
    assert client.get(reverse("reports:compare"), {"a": "x"}).status_code == 400


def test_formats_and_templates_are_named_in_chinese(two_years):
    client, earlier, later = two_years
    library = client.get(reverse("reports:library")).text
    detail = client.get(reverse("reports:detail", args=[earlier.pk])).text
    assert earlier.source_format == "text"
    assert "（文本）" in detail and "（TEXT）" not in detail
    assert f"<td>{earlier.template_label}</td>" in library
    assert f"· {earlier.template_label} ·" in detail
    earlier.template = "legacy"
    assert earlier.template_label == "旧格式（2018 年及以前）"


def test_a_row_of_the_units_table_opens_the_unit(region, login):
    client = login(Client(), region["supervisor"])
    page = client.get(reverse("office:units")).text
    form = f'<input type="hidden" name="agency" value="{region["office"].code}">'
    assert form in page and f'action="{reverse("office:switch")}"' in page
    opened = client.post(reverse("office:switch"), {"agency": region["office"].code}, follow=True)
    assert opened.context["agency"] == region["office"]
