"""Ruled tables found from the lines pdfium reports, without parsing the page a second time.

pdfplumber's table finder is the right algorithm for ruled tables with merged cells, but feeding
it means pdfminer interpreting the whole page in Python, which costs more than everything else
together. Its geometry steps (snap and join edges, intersections, cells, tables) are plain
functions, so here they get edges taken from pdfium's path objects, and cells get their text from
the characters pdfium already gave us.
"""

from __future__ import annotations

import ctypes
from bisect import bisect_left

import pypdfium2.raw as raw
from pdfplumber import table as finder
from pdfplumber.utils import filter_edges

from gongkai.parsing.readers.pdf_layout import Char, block_text

_STRAIGHT = 0.5  # a segment leaning less than this is horizontal or vertical
_TOLERANCE = 3  # pdfplumber's defaults for snapping, joining and intersecting edges
_MIN_EDGE = 3
_MAX_DEPTH = 4  # forms nested deeper than this hold no table lines worth the walk


class CurvedRules(Exception):
    """The page draws with curves: leave it to pdfplumber, which turns curves into edges."""


def _multiply(m, n):
    """Matrix product m·n of PDF matrices (a, b, c, d, e, f): apply m, then n."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _matrix(obj) -> tuple:

    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _segments(obj, matrix, out: list) -> None:

    x, y = ctypes.c_float(), ctypes.c_float()
    a, b, c, d, e, f = matrix
    start = current = None
    for i in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        if not raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
            continue
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = current = point
            continue
        if kind == raw.FPDF_SEGMENT_BEZIERTO:
            raise CurvedRules
        if current is not None:
            out.append((current, point))
        current = point
        if raw.FPDFPathSegment_GetClose(seg) and start is not None:
            out.append((current, start))
            current = start


def _walk(container, count, get, matrix, out: list, depth: int) -> None:

    for i in range(count(container)):
        obj = get(container, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            _segments(obj, _multiply(_matrix(obj), matrix), out)
        elif kind == raw.FPDF_PAGEOBJ_FORM and depth < _MAX_DEPTH:
            inner = _multiply(_matrix(obj), matrix)
            _walk(
                obj, raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject, inner, out, depth + 1
            )


def edges(page, page_left: float, page_top: float) -> list[dict]:
    """Horizontal and vertical edges of the page's drawn paths, in top-down coordinates."""

    segments: list = []
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    _walk(page.raw, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, identity, segments, 0)
    out = []
    for (x0, y0), (x1, y1) in segments:
        left, right = sorted((x0 - page_left, x1 - page_left))
        top, bottom = sorted((page_top - y0, page_top - y1))
        if bottom - top < _STRAIGHT and right - left >= 1:
            middle = (top + bottom) / 2
            out.append(_edge("h", left, right, middle, middle))
        elif right - left < _STRAIGHT and bottom - top >= 1:
            middle = (left + right) / 2
            out.append(_edge("v", middle, middle, top, bottom))
    return out


def _edge(orientation: str, x0: float, x1: float, top: float, bottom: float) -> dict:
    return {
        "object_type": "line",
        "orientation": orientation,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
    }


def find_tables(page_edges: list[dict], chars: list[Char]) -> list[tuple[tuple, list[list]]]:
    """Tables as (bbox, rows of cell texts), a merged cell's shadow as ``None``."""

    merged = finder.merge_edges(page_edges, _TOLERANCE, _TOLERANCE, _TOLERANCE, _TOLERANCE)
    merged = filter_edges(merged, min_length=_MIN_EDGE)
    if not merged:
        return []
    points = finder.edges_to_intersections(merged, _TOLERANCE, _TOLERANCE)
    cells = _cells(points)
    out = []
    for group in finder.cells_to_tables(cells):
        table = finder.Table(None, group)
        x0, top, x1, bottom = table.bbox
        # By vertical centre, so each cell looks only at the characters of its own band.
        inside = sorted(
            (c for c in chars if x0 <= c.centre < x1 and top <= c.middle < bottom),
            key=lambda c: c.middle,
        )
        middles = [c.middle for c in inside]
        rows = [
            [None if cell is None else _text(cell, inside, middles) for cell in row.cells]
            for row in table.rows
        ]
        out.append((table.bbox, rows))
    return out


def _cells(points: dict) -> list[tuple]:
    """pdfplumber's ``intersections_to_cells``, same cells in the same order, at a fraction of
    its cost: it rebuilds the sets of edges at both points for every pair it tries (and
    evaluates its nested functions' type annotations each time), the finder's dearest step."""

    def bboxes(found: list[dict]) -> set[tuple]:
        return {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in found}

    vertical = {p: bboxes(found["v"]) for p, found in points.items()}
    horizontal = {p: bboxes(found["h"]) for p, found in points.items()}

    def connects(p: tuple, q: tuple) -> bool:
        if p[0] == q[0] and not vertical[p].isdisjoint(vertical[q]):
            return True
        return p[1] == q[1] and not horizontal[p].isdisjoint(horizontal[q])

    ordered = sorted(points)
    # Sorted by (x, top): the points below one follow it; those right of it share its top.
    column: dict[float, list[tuple]] = {}
    row: dict[float, list[tuple]] = {}
    for p in ordered:
        column.setdefault(p[0], []).append(p)
        row.setdefault(p[1], []).append(p)
    out = []
    for pt in ordered:
        below = [q for q in column[pt[0]] if q[1] > pt[1]]
        right = [q for q in row[pt[1]] if q[0] > pt[0]]
        found = None
        for below_pt in below:
            if not connects(pt, below_pt):
                continue
            for right_pt in right:
                if not connects(pt, right_pt):
                    continue
                corner = (right_pt[0], below_pt[1])
                if corner in points and connects(corner, right_pt) and connects(corner, below_pt):
                    found = (pt[0], pt[1], corner[0], corner[1])
                    break
            if found:
                break
        if found:
            out.append(found)
    return out


def _text(bbox, chars: list[Char], middles: list[float]) -> str:
    x0, top, x1, bottom = bbox
    band = chars[bisect_left(middles, top) : bisect_left(middles, bottom)]
    mine = [c for c in band if x0 <= c.centre < x1]
    return block_text(mine) if mine else ""
