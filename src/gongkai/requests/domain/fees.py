"""Information processing fees (信息处理费): Art. 42 and 国办函〔2020〕109号.

Disclosure is free; a fee may be charged only when the volume or frequency of requests is
clearly beyond reason. 109号 offers two progressive scales, per request (按件) or per page
(按量), and an office applies one of them to a request, never both. Amounts are whole 元.

Per request: the applicant's requests to the same office in the same calendar month are
numbered 1, 2, 3 …; the n-th costs 0 (n ≤ 10), 100 元 (11–30), and from the 31st each further
band of 10 costs 100 元 more (31–40: 200, 41–50: 300 …).

Per page: marginal, like a tax scale: pages 1–30 free, 31–100 at 10 元, 101–200 at 20 元, 201
and beyond at 40 元 each.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BASIS = "《中华人民共和国政府信息公开条例》第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

# (first page of the band, last page or None, price per page in 元)
PAGE_BANDS: tuple[tuple[int, int | None, int], ...] = (
    (1, 30, 0),
    (31, 100, 10),
    (101, 200, 20),
    (201, None, 40),
)


class FeeError(ValueError):
    """A fee question that has no answer as asked; the message says what to change."""


@dataclass(frozen=True)
class FeeItem:
    description: str
    quantity: int
    unit_price: int
    amount: int


@dataclass(frozen=True)
class FeeQuote:
    method: str  # per_request or per_page
    amount: int
    items: list[FeeItem] = field(default_factory=list)

    @property
    def explanation(self) -> str:
        lines = [
            f"{i.description}：{i.quantity} × {i.unit_price} 元 = {i.amount} 元" for i in self.items
        ]
        lines.append(f"合计 {self.amount} 元（依据：{BASIS}）")
        return "\n".join(lines)


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


def per_page_fee(pages: int) -> FeeQuote:
    """按量计收 for one request of ``pages`` pages, each band at its own price."""
    if pages < 0:
        raise FeeError(f"页数不能为负数：{pages}。")
    items = []
    for first, last, price in PAGE_BANDS:
        top = pages if last is None else min(pages, last)
        count = top - first + 1
        if count <= 0:
            break
        span = f"第 {first} 页以上" if last is None else f"第 {first}—{last} 页"
        note = "不收费" if price == 0 else f"每页 {price} 元"
        items.append(FeeItem(f"按量计收：{span}（{note}）", count, price, count * price))
    return FeeQuote("per_page", sum(i.amount for i in items), items)


def fee_for_request(*, nth_in_month: int | None = None, pages: int | None = None) -> FeeQuote:
    """The fee by exactly one method: 109号 forbids charging one request both ways."""
    if (nth_in_month is None) == (pages is None):
        raise FeeError(
            "按件计收和按量计收只能选择一种，不能对同一申请同时适用（国办函〔2020〕109号）："
            "请只填写本月申请序号或页数中的一项。"
        )
    if nth_in_month is not None:
        return per_request_fee(nth_in_month)
    return per_page_fee(pages)
