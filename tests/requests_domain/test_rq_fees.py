"""The 109号 per-request scale: values at every band edge, the month count, monotonic."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.requests.domain.fees import (
    FeeError,
    fee_month,
    nth_in_month,
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


def test_explanation_is_itemised_in_chinese():
    text = per_request_fee(35).explanation
    assert text.splitlines()[0] == (
        "按件计收：同一申请人本月第 35 件申请（本月第 31—40 件，每件 200 元）：1 × 200 元 = 200 元"
    )
    assert text.splitlines()[-1].startswith("合计 200 元") and "109号" in text
    assert "本月第 1—10 件，不收费" in per_request_fee(3).explanation


def test_the_month_is_the_calendar_month():
    assert fee_month(date(2024, 2, 17)) == (date(2024, 2, 1), date(2024, 2, 29))
    assert fee_month(date(2025, 12, 31)) == (date(2025, 12, 1), date(2025, 12, 31))


def test_requests_are_numbered_within_their_month_by_receipt_then_registration():
    mine = [
        (date(2025, 4, 30), 7),  # April: not counted in May
        (date(2025, 5, 2), 9),
        (date(2025, 5, 6), 3),  # registered earlier, received later
        (date(2025, 5, 6), 12),
        (date(2025, 6, 1), 13),  # June
    ]
    assert nth_in_month((date(2025, 5, 2), 9), mine) == 1
    assert nth_in_month((date(2025, 5, 6), 3), mine) == 2
    assert nth_in_month((date(2025, 5, 6), 12), mine) == 3
    assert nth_in_month((date(2025, 6, 1), 13), mine) == 1
    # The request itself need not be among the others.
    assert nth_in_month((date(2025, 5, 20), 20), mine) == 4
    assert nth_in_month((date(2025, 5, 20), 20), []) == 1


def test_bad_input():
    with pytest.raises(FeeError, match="从 1 开始"):
        per_request_price(0)


@given(st.integers(1, 500))
def test_per_request_monotonic_and_stepwise(n):
    assert per_request_price(n + 1) >= per_request_price(n)
    assert per_request_price(n + 1) - per_request_price(n) in (0, 100)
