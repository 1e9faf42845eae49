"""Ruling lines → tables of cells (the "lines" table finder of pdfplumber, re-implemented).

Table borders reach us as horizontal and vertical segments (stroked lines and the edges of thin
filled rectangles). As in pdfplumber: segments within SNAP of one line are moved onto their mean
position, collinear segments closer than JOIN are joined, pieces shorter than MIN_LENGTH dropped;
a cell is the smallest rectangle whose four corners are crossings connected by ruling lines;
cells that share corners form one table. A table row lists one entry per column start of the
table: the cell's text, or ``None`` where no cell starts there (a merged cell covers it).
Crossings are indexed by column and row, so a 表三 of a thousand crossings costs milliseconds
rather than pdfplumber's quadratic scan.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from typing import NamedTuple

from gongkai.reportio.pdf.text import Char, chars_to_text

SNAP = 3.0
JOIN = 3.0
MIN_LENGTH = 3.0
MIN_PIECE = 1.0  # pieces shorter than this (a thin rectangle's ends) are not lines at all
CROSS = 3.0  # how far a line may stop short of another and still cross it
MAX_CROSSING_TESTS = 2_000_000  # a page of thousands of tiny lines is not a report table


class Segment(NamedTuple):
    """A ruling line: ``at`` is its y (horizontal) or x (vertical); it runs from ``start`` to ``end``."""

    at: float
    start: float
    end: float


def _snap(segments: list[Segment]) -> list[Segment]:
    """Segments whose positions chain within SNAP share the mean position of their group."""
    if not segments:
        return []
    ordered = sorted(segments)
    out: list[Segment] = []
    group = [ordered[0]]
    for s in ordered[1:]:
        if s.at <= group[-1].at + SNAP:
            group.append(s)
        else:
            out += _moved(group)
            group = [s]
    out += _moved(group)
    return out


def _moved(group: list[Segment]) -> list[Segment]:
    mean = sum(s.at for s in group) / len(group)
    return [Segment(mean, s.start, s.end) for s in group]


def _join(segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for s in sorted(segments):
        last = out[-1] if out else None
        if last and last.at == s.at and s.start <= last.end + JOIN:
            if s.end > last.end:
                out[-1] = Segment(last.at, last.start, s.end)
        else:
            out.append(s)
    return [s for s in out if s.end - s.start >= MIN_LENGTH]


def merge(segments: list[Segment]) -> list[Segment]:
    return _join(_snap([s for s in segments if s.end - s.start >= MIN_PIECE]))


Cell = tuple[float, float, float, float]  # x0, top, x1, bottom


def find_cells(horizontal: list[Segment], vertical: list[Segment]) -> list[Cell]:
    if len(horizontal) * len(vertical) > MAX_CROSSING_TESTS:
        return []
    # crossing point → the ids of the vertical and horizontal lines through it
    through_v: dict[tuple[float, float], set[int]] = defaultdict(set)
    through_h: dict[tuple[float, float], set[int]] = defaultdict(set)
    by_y = sorted(range(len(horizontal)), key=lambda i: horizontal[i].at)
    ys = [horizontal[i].at for i in by_y]
    for vi, v in enumerate(vertical):
        for k in range(bisect_left(ys, v.start - CROSS), bisect_right(ys, v.end + CROSS)):
            hi = by_y[k]
            h = horizontal[hi]
            if h.start - CROSS <= v.at <= h.end + CROSS:
                p = (v.at, h.at)
                through_v[p].add(vi)
                through_h[p].add(hi)
    column: dict[float, list[float]] = defaultdict(list)  # x → ys of its crossings
    row: dict[float, list[float]] = defaultdict(list)  # y → xs of its crossings
    for x, y in sorted(through_v):
        column[x].append(y)
        row[y].append(x)
    cells: list[Cell] = []
    for x, y in sorted(through_v):
        cell = _smallest_cell(x, y, column, row, through_v, through_h)
        if cell:
            cells.append(cell)
    return cells


def _smallest_cell(x, y, column, row, through_v, through_h) -> Cell | None:
    here_v, here_h = through_v[(x, y)], through_h[(x, y)]
    for below in column[x][bisect_right(column[x], y) :]:
        if not here_v & through_v[(x, below)]:
            continue
        for right in row[y][bisect_right(row[y], x) :]:
            if not here_h & through_h[(right, y)]:
                continue
            corner = (right, below)
            if (
                corner in through_v
                and through_v[corner] & through_v[(right, y)]
                and through_h[corner] & through_h[(x, below)]
            ):
                return (x, y, right, below)
    return None


def group_tables(cells: list[Cell]) -> list[list[Cell]]:
    """Cells that share a corner, transitively, are one table; tables of one cell are dropped."""
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            j = owner.setdefault(corner, i)
            parent[root(i)] = root(j)
    groups: dict[int, list[Cell]] = defaultdict(list)
    for i, c in enumerate(cells):
        groups[root(i)].append(c)
    tables = [g for g in groups.values() if len(g) > 1]
    return sorted(tables, key=lambda t: min((c[1], c[0]) for c in t))


def table_rows(cells: list[Cell], chars: list[Char]) -> list[list[str | None]]:
    """The table's rows, top to bottom: a cell's text, or None where no cell starts in that column."""
    starts = sorted({c[0] for c in cells})
    rows: dict[float, dict[float, Cell]] = defaultdict(dict)
    for c in sorted(cells, key=lambda c: (c[1], c[0])):
        rows[c[1]][c[0]] = c
    # a character belongs to the cell holding the middle of its box
    placed = sorted(((ch.top + ch.bottom) / 2, (ch.x0 + ch.x1) / 2, ch) for ch in chars)
    mids = [p[0] for p in placed]
    out: list[list[str | None]] = []
    for top in sorted(rows):
        by_x = rows[top]
        bottom = max(c[3] for c in by_x.values())
        inside = placed[bisect_left(mids, top) : bisect_left(mids, bottom)]
        line: list[str | None] = []
        for x in starts:
            cell = by_x.get(x)
            if cell is None:
                line.append(None)
                continue
            x0, ctop, x1, cbottom = cell
            mine = [ch for vm, hm, ch in inside if x0 <= hm < x1 and ctop <= vm < cbottom]
            line.append(chars_to_text(mine))
        out.append(line)
    return out


def tables(
    horizontal: list[Segment], vertical: list[Segment], chars: list[Char]
) -> list[list[list[str | None]]]:
    cells = find_cells(merge(horizontal), merge(vertical))
    return [table_rows(t, chars) for t in group_tables(cells)]
