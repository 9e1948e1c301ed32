"""Information processing fees (信息处理费): Art. 42 and 国办函〔2020〕109号.

Disclosure is free; a fee may be charged only when the volume or frequency of requests is
clearly beyond reason. 109号 offers two progressive scales, per request (按件) or per page
(按量), and an office applies one of them to a request, never both. Amounts are whole 元.

Per request: the applicant's requests to the same office in the same calendar month are
numbered 1, 2, 3 …; the n-th costs 0 (n ≤ 10), 100 元 (11–30), and from the 31st each further
band of 10 costs 100 元 more (31–40: 200, 41–50: 300 …).

The per-page scale (按量) is not computed here: the office counts pages itself, and the request
page says so.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from gongkai.errors import InvalidInput

BASIS = "《中华人民共和国政府信息公开条例》第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"


class FeeError(InvalidInput, ValueError):
    """A fee question that has no answer as asked; the message says what to change."""

    code = "fee"
    message = "信息处理费的计算条件有误。"


@dataclass(frozen=True)
class FeeItem:
    description: str
    quantity: int
    unit_price: int
    amount: int


@dataclass(frozen=True)
class FeeQuote:
    method: str  # per_request
    amount: int
    items: list[FeeItem] = field(default_factory=list)

    @property
    def explanation(self) -> str:
        lines = [
            f"{i.description}：{i.quantity} × {i.unit_price} 元 = {i.amount} 元" for i in self.items
        ]
        lines.append(f"合计 {self.amount} 元（依据：{BASIS}）")
        return "\n".join(lines)


def fee_month(day: date) -> tuple[date, date]:
    """The calendar month (first and last day) in which 109号 numbers the requests of ``day``."""
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


def nth_in_month(this: tuple[date, int], others: Iterable[tuple[date, int]]) -> int:
    """Which request of its applicant ``this`` is in its calendar month, for the per-request
    scale. Requests are ``(day received, order registered)``; of two received the same day the
    one registered first comes first. ``others`` may include ``this`` and other months."""
    first, last = fee_month(this[0])
    before = {o for o in others if first <= o[0] <= last and o < this}
    return len(before) + 1


def per_request_price(nth: int) -> int:
    """The price of the ``nth`` request of one applicant in one calendar month."""
    if nth < 1:
        raise FeeError(f"申请序号应从 1 开始，而不是 {nth}。")
    if nth <= 10:
        return 0
    if nth <= 30:
        return 100
    return 100 * (1 + (nth - 21) // 10)


def per_request_fee(nth: int) -> FeeQuote:
    """按件计收 for one request, the ``nth`` of the applicant in this calendar month."""
    price = per_request_price(nth)
    if nth <= 10:
        band = "本月第 1—10 件，不收费"
    elif nth <= 30:
        band = "本月第 11—30 件，每件 100 元"
    else:
        first = 31 + (nth - 31) // 10 * 10
        band = f"本月第 {first}—{first + 9} 件，每件 {price} 元"
    item = FeeItem(f"按件计收：同一申请人本月第 {nth} 件申请（{band}）", 1, price, price)
    return FeeQuote("per_request", price, [item])
