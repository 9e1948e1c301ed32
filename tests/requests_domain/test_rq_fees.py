"""The 109号 fee scales: values at every band edge, one method per request, monotonic."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.requests.domain.fees import (
    FeeError,
    fee_for_request,
    per_page_fee,
    per_request_fee,
    per_request_price,
)


@pytest.mark.parametrize(
    ("nth", "price"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400)],
)
def test_per_request_bands(nth, price):
    assert per_request_price(nth) == price
    assert per_request_fee(nth).amount == price


@pytest.mark.parametrize(
    ("pages", "amount"),
    [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700)],
)
def test_per_page_is_marginal(pages, amount):
    assert per_page_fee(pages).amount == amount


def test_explanation_is_itemised_in_chinese():
    text = per_page_fee(250).explanation
    assert "第 31—100 页（每页 10 元）：70 × 10 元 = 700 元" in text
    assert "第 201 页以上（每页 40 元）：50 × 40 元 = 2000 元" in text
    assert text.splitlines()[-1].startswith("合计 4700 元") and "109号" in text
    assert "本月第 31—40 件，每件 200 元" in per_request_fee(35).explanation


def test_one_method_only():
    with pytest.raises(FeeError, match="只能选择一种"):
        fee_for_request(nth_in_month=12, pages=40)
    with pytest.raises(FeeError, match="只能选择一种"):
        fee_for_request()
    assert fee_for_request(nth_in_month=12).method == "per_request"
    assert fee_for_request(pages=40).amount == 100


def test_bad_input():
    with pytest.raises(FeeError, match="从 1 开始"):
        per_request_price(0)
    with pytest.raises(FeeError, match="负数"):
        per_page_fee(-1)


@given(st.integers(1, 500))
def test_per_request_monotonic_and_stepwise(n):
    assert per_request_price(n + 1) >= per_request_price(n)
    assert per_request_price(n + 1) - per_request_price(n) in (0, 100)


@given(st.integers(0, 2000))
def test_per_page_monotonic_and_items_add_up(pages):
    quote, more = per_page_fee(pages), per_page_fee(pages + 1)
    step = more.amount - quote.amount
    assert step == (0 if pages < 30 else 10 if pages < 100 else 20 if pages < 200 else 40)
    assert quote.amount == sum(i.quantity * i.unit_price for i in quote.items)
    assert sum(i.quantity for i in quote.items) == pages
