"""Cells that ran together: crawler text that dropped the separators between a row's numbers.

"801000081" under seven applicant columns can only be read as the seven numbers whose six parts
add up to their 总计 (80 1 0 0 0 0 81). Each row gives the splits its own sum allows; the
placement search then chooses among them with the table's column sums and the balance rule, and
where several splits still satisfy every rule, the cells they disagree on are ambiguous.
"""

from __future__ import annotations

from collections.abc import Iterator

# Beyond this many digits a row is not seven counts run together but something else.
MAX_DIGITS = 40
MAX_SPLITS = 500


def splits(digits: str, width: int, group: int) -> list[list[int]]:
    """Every reading of ``digits`` as ``width`` numbers without leading zeros, in groups of
    ``group`` whose last number is the sum of the others (a requests row is one group of 7;
    section 四's row is three groups of 5)."""
    if not digits.isdigit() or width % group or not (width <= len(digits) <= MAX_DIGITS):
        return []
    out: list[list[int]] = []
    for parts in _groups(digits, width // group, group):
        out.append(parts)
        if len(out) >= MAX_SPLITS:
            break
    return out


def _groups(digits: str, count: int, size: int) -> Iterator[list[int]]:
    if count == 0:
        if not digits:
            yield []
        return
    for length in range(size, min(len(digits), size * _CELL_DIGITS) + 1):
        for head in _group(digits[:length], size):
            for rest in _groups(digits[length:], count - 1, size):
                yield head + rest


def _group(digits: str, size: int) -> Iterator[list[int]]:
    """``digits`` as ``size`` numbers whose last is the sum of the others."""
    for length in range(1, min(_CELL_DIGITS, len(digits) - size + 1) + 1):
        total = digits[-length:]
        if length > 1 and total[0] == "0":
            continue
        for parts in _summing(digits[:-length], size - 1, int(total)):
            yield [*parts, int(total)]


def _summing(digits: str, count: int, target: int) -> Iterator[list[int]]:
    """``digits`` cut into ``count`` numbers (no leading zeros) that add up to ``target``."""
    if count == 1:
        if digits and (len(digits) == 1 or digits[0] != "0") and int(digits) == target:
            yield [target]
        return
    longest = 1 if digits[:1] == "0" else min(_CELL_DIGITS, len(digits) - count + 1)
    for length in range(1, longest + 1):
        head = int(digits[:length])
        if head > target:
            break
        for rest in _summing(digits[length:], count - 1, target - head):
            yield [head, *rest]


_CELL_DIGITS = 6  # a count of requests or cases has at most six digits
