"""The supervisor compares two years of a unit picked in either order and reads the same
direction as the overview's 同比; the comparison without reports asks which; units open."""

import re

import pytest

from tests.browser.test_catalog_browser import sign_in

pytestmark = pytest.mark.browser
UNIT = "清河县人民政府"


def test_supervisor_compares_later_minus_earlier_and_opens_units(
    page,
    live_server,
    demo_data,
    shot,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    base = live_server.url
    sign_in(page, base, "supervisor")
    page.goto(f"{base}/office/reports/")
    row = page.locator("table.units tr", has=page.get_by_role("link", name=UNIT))
    overview_change = row.locator("td.num").nth(1).inner_text()
    assert re.fullmatch(r"\d+%", overview_change)  # an increase: no sign, as the overview says

    # Picked the later year as A: the page still puts the earlier one first.
    page.goto(f"{base}/office/reports/library/")
    shot(page, "reports-library")
    assert "TEXT" not in page.content() and ">legacy<" not in page.content()
    rows = page.locator("tbody tr", has_text=UNIT)
    years = [int(rows.nth(i).locator("td").nth(2).inner_text()) for i in range(rows.count())]
    later, earlier = rows.nth(years.index(max(years))), rows.nth(years.index(min(years)))
    later.get_by_label("A").check()
    earlier.get_by_label("B").check()
    page.get_by_role("button", name="对比所选的 A 和 B").click()
    headers = page.locator("table.compare thead th").all_inner_texts()
    assert headers[1:] == [f"{min(years)} 年度", f"{max(years)} 年度", "变化"]
    received = page.locator("table.compare tbody tr", has_text="本年新收").first
    change = received.locator("td.change")
    assert "up" in change.get_attribute("class")
    assert (
        change.inner_text().startswith("▲ +") and f"（+{overview_change}）" in change.inner_text()
    )
    colours = page.evaluate(
        """() => [...new Set([...document.querySelectorAll('td.change.up, td.change.down')]
            .map(td => td.classList.contains('up') + ':' + getComputedStyle(td).color))]"""
    )
    assert len({c.split(":")[1] for c in colours}) == len({c.split(":")[0] for c in colours})
    shot(page, "reports-compare-ordered")

    page.goto(f"{base}/office/reports/compare/")
    assert page.get_by_role("heading", name="报告对比").is_visible()
    page.get_by_label("报告一").select_option(index=1)
    page.get_by_label("报告二").select_option(index=2)
    shot(page, "reports-compare-chooser")
    page.get_by_role("button", name="对比").click()
    assert "项不同" in page.locator("#cells-h").inner_text()

    page.get_by_role("link", name=re.compile(r"^.+ \d{4} 年度报告$")).first.click()
    assert "（TEXT）" not in page.content()
    shot(page, "reports-detail")

    page.goto(f"{base}/office/reports/changes/")
    shot(page, "reports-changes")
    page.goto(f"{base}/office/units/")
    shot(page, "office-units")
    page.get_by_role("button", name=UNIT, exact=True).click()
    page.wait_for_url(f"{base}/office/")
    assert UNIT in page.locator("header").inner_text()
    shot(page, "office-unit-opened")
