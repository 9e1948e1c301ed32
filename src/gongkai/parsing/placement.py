"""Putting a row's values into columns when the text lost some of its cells.

Text copied from a web page drops blank cells, and PDF extraction sometimes loses a filled one,
so a row of the requests table may show fewer values than its seven columns. The table's own
arithmetic (each row's 总计 is the sum of its parts; per column 一 + 二 = （七） + 四 and
（七） = the outcome rows) says where the values belong: every order-keeping placement is tried
and the one that leaves the fewest broken sums wins, ties going to the columns that are most
often filled (自然人, then 总计). Where exactly one cell is missing, the row sum determines it;
that value is filled in and reported as inferred.

The cost here is a search heuristic over numbers only; the findings a clerk reads come from the
domain validator, run once on the result.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from gongkai.parsing.glued import splits
from gongkai.parsing.values import Value

WIDTH = 7
TOTAL = 6
# How often each applicant column is filled in published reports, most often first.
_PREFERENCE = {0: 0, 6: 1, 1: 2, 5: 3, 4: 4, 2: 5, 3: 6}
_EXHAUSTIVE_LIMIT = 2000


@dataclass
class Candidate:
    cells: list[float | None]
    prior: float
    inferred: int | None = None  # column index of a value the row sum supplied
    shifted: bool = False  # placed by the sums, against the columns the source printed
    glued: bool = False  # one split of cells that ran together
    # Per column, the index of the printed value it holds (None: blank or inferred).
    origin: list[int | None] = field(default_factory=lambda: [None] * WIDTH)


# A placement against the printed columns loses every tie to the printed one.
_AGAINST_POSITIONS = 100.0


def _candidates(values: list[Value]) -> list[Candidate]:
    k = len(values)
    nums = [v.number for v in values]
    if k == 1 and values[0].digits:
        options = splits(values[0].digits, WIDTH, WIDTH)
        if options:
            return [
                Candidate(list(map(float, o)), 0.0, glued=True, origin=[0] * WIDTH) for o in options
            ]
    if k >= WIDTH:
        cells = nums[:WIDTH]
        printed = Candidate(
            cells, 0.0, origin=[i if not values[i].blank else None for i in range(WIDTH)]
        )
        where = [i for i, v in enumerate(values[:WIDTH]) if not v.blank]
        filled = [values[i] for i in where]
        if _row_holds(cells) or not filled or len(filled) == WIDTH:
            return [printed]
        # A PDF's cells shifted (总计 under 商业企业): the values may belong elsewhere.
        moved = _candidates(filled)
        for candidate in moved:
            candidate.prior += _AGAINST_POSITIONS
            candidate.shifted = True
            candidate.origin = [None if o is None else where[o] for o in candidate.origin]
        return [printed, *moved]
    out = []
    for slots in itertools.combinations(range(WIDTH), k):
        cells: list[float | None] = [None] * WIDTH
        origin: list[int | None] = [None] * WIDTH
        for i, (slot, n) in enumerate(zip(slots, nums, strict=True)):
            cells[slot] = n
            origin[slot] = i if n is not None else None
        prior = sum(_PREFERENCE[s] for s in slots)
        inferred = None
        if k == WIDTH - 1:
            (missing,) = set(range(WIDTH)) - set(slots)
            if missing == TOTAL:
                guess = sum(c or 0 for c in cells[:TOTAL])
            else:
                guess = (cells[TOTAL] or 0) - sum(c or 0 for c in cells[:TOTAL])
            if guess >= 0:
                cells[missing] = guess
                inferred = missing
            # Extraction loses the cell beside the label first; prefer that reading on a tie.
            prior = _PREFERENCE[missing]
        out.append(Candidate(cells, prior, inferred, origin=origin))
    return out


def _row_holds(cells: list[float | None]) -> bool:
    return abs(sum(c or 0 for c in cells[:TOTAL]) - (cells[TOTAL] or 0)) <= 1e-9


def _distinct(candidates: list[Candidate]) -> list[Candidate]:
    """Placements that give the same cells are one option (a row of zeros fits anywhere)."""
    seen: dict[tuple, Candidate] = {}
    for c in sorted(candidates, key=lambda c: c.prior):
        seen.setdefault(tuple(c.cells), c)
    return list(seen.values())


class _Cost:
    def __init__(self, keys: list[str], outcome_rows: tuple[str, ...]):
        index = {k: i for i, k in enumerate(keys)}
        self.n = len(keys)
        self.outcomes = [index[k] for k in outcome_rows if k in index]
        pick = index.get
        self.balance = (
            pick("received_this_year"),
            pick("carried_from_last_year"),
            pick("results_total"),
            pick("carried_to_next_year"),
        )
        self.total = pick("results_total")

    def __call__(self, table: list[list[float | None]]) -> int:
        broken = 0
        for row in table:
            if any(c is not None for c in row):
                if abs(sum(c or 0 for c in row[:TOTAL]) - (row[TOTAL] or 0)) > 1e-9:
                    broken += 1
        rec, car, tot, nxt = self.balance
        for col in range(WIDTH):

            def v(i, col=col):
                return (table[i][col] or 0) if i is not None else 0

            if tot is not None and abs(v(rec) + v(car) - v(tot) - v(nxt)) > 1e-9:
                broken += 1
            if tot is not None and self.outcomes:
                if abs(sum(v(i) for i in self.outcomes) - v(tot)) > 1e-9:
                    broken += 1
        return broken


def broken_sums(
    cells: dict[str, list[float | None]], keys: list[str], outcome_rows: tuple[str, ...]
) -> int:
    """How many of the table's sums (rows, balance, results) the placed cells break."""
    return _Cost(keys, outcome_rows)([cells[k] for k in keys])


@dataclass
class Placed:
    """Cells of every row; the (row, column, value) of each value that was inferred; the rows
    placed against the columns the source printed them in."""

    cells: dict[str, list[float | None]]
    inferred: list[tuple[str, int, float]]
    shifted: list[str]
    # Rows of run-together cells that more than one split reads equally well: row → the splits.
    ambiguous: dict[str, list[list[float | None]]] = field(default_factory=dict)
    origin: dict[str, list[int | None]] = field(default_factory=dict)
    glued: list[str] = field(default_factory=list)


def place(rows: dict[str, list[Value]], keys: list[str], outcome_rows: tuple[str, ...]) -> Placed:
    options = {k: _distinct(_candidates(rows.get(k, []))) for k in keys}
    cost = _Cost(keys, outcome_rows)
    choice = {k: 0 for k in keys}

    def table() -> list[list[float | None]]:
        return [options[k][choice[k]].cells for k in keys]

    def score() -> tuple[int, float]:
        return cost(table()), sum(options[k][choice[k]].prior for k in keys)

    open_rows = [k for k in keys if len(options[k]) > 1]
    product = 1
    for k in open_rows:
        product *= len(options[k])
        if product > _EXHAUSTIVE_LIMIT:
            break
    if product <= _EXHAUSTIVE_LIMIT:
        _search(open_rows, options, choice, score)
    else:
        _descend(open_rows, options, choice, score)
        # Rows that lost one or two cells interact through the column sums; search them jointly.
        narrow = [k for k in open_rows if len(options[k]) <= 21]
        product = 1
        for k in narrow:
            product *= len(options[k])
        if 1 < product <= _EXHAUSTIVE_LIMIT:
            _search(narrow, options, choice, score)
    ambiguous = _ties(keys, options, choice, score)
    cells = {k: options[k][choice[k]].cells for k in keys}
    shifted = [k for k in keys if options[k][choice[k]].shifted]
    inferred = [
        (
            k,
            options[k][choice[k]].inferred,
            options[k][choice[k]].cells[options[k][choice[k]].inferred],
        )
        for k in keys
        if options[k][choice[k]].inferred is not None
    ]
    origin = {k: options[k][choice[k]].origin for k in keys}
    glued = [k for k in keys if options[k][choice[k]].glued]
    return Placed(cells, inferred, shifted, ambiguous, origin, glued)  # type: ignore[arg-type]


def _ties(keys, options, choice, score) -> dict[str, list[list[float | None]]]:
    """For each row of run-together cells: the splits that read the table as well as the chosen
    one, changing that row alone or together with one other such row (two rows can trade
    digits and keep every column sum)."""
    best = score()[0]
    rows = [k for k in keys if options[k][choice[k]].glued and len(options[k]) > 1]
    equal: dict[str, set[int]] = {k: {choice[k]} for k in rows}
    for i, a in enumerate(rows):
        for b in [None, *rows[i + 1 :]]:
            held = {a: choice[a], **({b: choice[b]} if b else {})}
            ranges = [range(len(options[k])) for k in held]
            if len(ranges) == 2 and len(ranges[0]) * len(ranges[1]) > 400:
                continue
            for combo in itertools.product(*ranges):
                for k, j in zip(held, combo, strict=True):
                    choice[k] = j
                if score()[0] == best:
                    for k, j in zip(held, combo, strict=True):
                        equal[k].add(j)
            choice.update(held)
    return {k: [options[k][j].cells for j in sorted(v)] for k, v in equal.items() if len(v) > 1}


def _search(rows, options, choice, score) -> None:
    best, best_choice = score(), dict(choice)
    for combo in itertools.product(*(range(len(options[k])) for k in rows)):
        for k, i in zip(rows, combo, strict=True):
            choice[k] = i
        s = score()
        if s < best:
            best, best_choice = s, dict(choice)
    choice.update(best_choice)


def _descend(rows, options, choice, score) -> None:
    best = score()
    for _ in range(4):
        improved = False
        for k in rows:
            keep = choice[k]
            for i in range(len(options[k])):
                choice[k] = i
                s = score()
                if s < best:
                    best, keep, improved = s, i, True
            choice[k] = keep
        if not improved:
            return
