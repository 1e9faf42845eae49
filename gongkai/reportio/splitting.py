"""Recover table cells that a web page's text rendering ran together.

Text copied or crawled from web pages loses the cell boundaries of a table: the row
71 | 3 | 0 | 0 | 0 | 0 | 74 becomes "713000074". The statutory tables carry constraints that
usually make the split unique (spec/domain.md §5, parsing hazard): in 表三 every row's 总计 is the
sum of its six applicant columns and every column's （七）总计 is the sum of its result rows; in
表四 each group's 总计 is the sum of its four outcomes. Printed numbers have no leading zeros.
Whitespace that survived in the text is a real cell boundary.

This module only enumerates splits; the caller decides what is unique and reports it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import product

MAX_DIGITS = 60  # longer runs are not table rows; refuse rather than search for ever
MAX_SOLUTIONS = 64
MAX_ROW_DIGITS = 36  # seven cells of a real 表三 row; longer runs are refused, not searched


class SplitTimeout(Exception):
    """The search ran past its deadline (hostile or absurd input)."""


def _numbers(digits: str, k: int) -> Iterator[list[int]]:
    """Every way to cut a digit string into k printed integers (no leading zeros)."""
    n = len(digits)
    if k == 0:
        if n == 0:
            yield []
        return
    if n < k:
        return
    if k == 1:
        if n == 1 or digits[0] != "0":
            yield [int(digits)]
        return
    if digits[0] == "0":
        for rest in _numbers(digits[1:], k - 1):
            yield [0, *rest]
        return
    for cut in range(1, n - k + 2):
        head = int(digits[:cut])
        for rest in _numbers(digits[cut:], k - 1):
            yield [head, *rest]


def _tick(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise SplitTimeout


def place_blanks(chunks: Sequence[str], runs: Sequence[int | None] | None, width: int) -> list[str] | None:
    """The cells of a row whose text kept every cell boundary as a whitespace run, blank ones
    included: a run of k units (the shortest run of the row is one unit) holds k − 1 blank cells
    (「0\n\n\n12」 is 0 | blank | blank | 12; a 总计 left blank is one more unit after the last
    number). ``runs``: before the first chunk, between chunks, after the last (0: glued, no
    blank possible there). None unless the blanks make exactly ``width`` cells, each chunk one
    cell — otherwise the runs are layout, not cells, and the chunks are split as before."""
    if runs is None or len(runs) != len(chunks) + 1 or len(chunks) >= width or None in runs:
        return None
    spaced = [r for r in runs if r]
    unit = min(spaced, default=0)
    if not unit or any(r % unit for r in spaced):  # type: ignore[operator]
        return None
    cells: list[str] = []
    for i, run in enumerate(runs):
        cells += [""] * max(0, run // unit - 1)  # type: ignore[operator]
        if i < len(chunks):
            cells.append(chunks[i])
    return cells if len(cells) == width else None


def splits(
    chunks: Sequence[str],
    width: int,
    check: Callable[[list[int]], bool] | None = None,
    deadline: float | None = None,
) -> list[list[int]]:
    """All splits of ``chunks`` (digit strings, each one or more cells) into ``width`` integers
    that pass ``check``; at most MAX_SOLUTIONS + 1 of them (the caller only needs to know "unique")."""
    chunks = [c for c in chunks if c]
    if not chunks or any(not c.isdigit() for c in chunks) or sum(map(len, chunks)) > MAX_DIGITS:
        return []
    if len(chunks) > width or sum(map(len, chunks)) < width:
        return []
    found: list[list[int]] = []

    def go(i: int, left: int, acc: list[int]) -> bool:
        _tick(deadline)
        if i == len(chunks):
            if left == 0 and (check is None or check(acc)):
                found.append(list(acc))
                return len(found) > MAX_SOLUTIONS
            return False
        rest_min = len(chunks) - i - 1  # every later chunk needs at least one cell
        for k in range(1, min(len(chunks[i]), left - rest_min) + 1):
            for nums in _numbers(chunks[i], k):
                if go(i + 1, left - k, acc + nums):
                    return True
        return False

    go(0, width, [])
    return found


def table3_row_splits(chunks: Sequence[str], deadline: float | None = None) -> list[list[int]]:
    """Splits of a 表三 row into its 7 cells. A row of exactly 7 digits has one split whatever its
    sums say (and a wrong sum is then the report's error, found by T3-03)."""
    if sum(len(c) for c in chunks) == 7:
        return splits(chunks, 7, deadline=deadline)
    if sum(len(c) for c in chunks) > MAX_ROW_DIGITS:
        return []
    return _row_with_total(chunks, 6, deadline)


def _row_with_total(chunks: Sequence[str], parts: int, deadline: float | None = None) -> list[list[int]]:
    """Splits of ``parts`` numbers followed by their sum, searched from the total backwards:
    trying each length of the trailing total and cutting the rest under its sum is far faster
    than enumerating every split and filtering."""
    chunks = [c for c in chunks if c]
    if not chunks or any(not c.isdigit() for c in chunks) or sum(map(len, chunks)) > MAX_DIGITS:
        return []
    last = chunks[-1]
    found: list[list[int]] = []
    digits = sum(map(len, chunks))
    for t in range(1, len(last) + 1):
        if t * parts < digits - t:
            continue  # six parts no longer than the total cannot hold the other digits
        total_text = last[-t:]
        if len(total_text) > 1 and total_text[0] == "0":
            continue
        total = int(total_text)
        head = [*chunks[:-1], last[:-t]] if t < len(last) else list(chunks[:-1])
        for cells in _bounded(head, parts, total, t, deadline):
            found.append([*cells, total])
            if len(found) > MAX_SOLUTIONS:
                return found
    return found


def _bounded(
    chunks: list[str], k: int, total: int, width: int, deadline: float | None = None
) -> Iterator[list[int]]:
    """Splits of chunks into k integers summing to ``total``, cell by cell: a cell longer than the
    total (``width`` digits) or larger than what is left of it ends the branch."""
    chunks = [c for c in chunks if c]
    text = "".join(chunks)
    n = len(text)
    if len(chunks) > k or n < k:
        return
    boundaries = set()
    pos = 0
    for c in chunks[:-1]:
        pos += len(c)
        boundaries.add(pos)

    def go(pos: int, left: int, remaining: int, acc: list[int]) -> Iterator[list[int]]:
        _tick(deadline)
        if left == 0:
            if pos == n and remaining == 0:
                yield list(acc)
            return
        if n - pos < left or n - pos > left * width:
            return
        for end in range(pos + 1, min(n, pos + width) + 1):
            if any(pos < x < end for x in boundaries) or (end - pos > 1 and text[pos] == "0"):
                break
            value = int(text[pos:end])
            if value > remaining:
                break
            acc.append(value)
            yield from go(end, left - 1, remaining - value, acc)
            acc.pop()

    yield from go(0, k, total, [])


def table4_splits(chunks: Sequence[str], deadline: float | None = None) -> list[list[int]]:
    """Splits of 表四's 15 cells: three groups of four outcomes, each followed by its 总计.

    Searched left to right; a group's 总计 is not guessed but computed from its four cells and
    must be spelled by the next digits, which cuts the search to a few branches per group."""
    chunks = [c for c in chunks if c]
    if not chunks or any(not c.isdigit() for c in chunks) or sum(map(len, chunks)) > MAX_DIGITS:
        return []
    if sum(map(len, chunks)) == 15:  # one digit per cell: the split is forced, right or wrong sums
        return [[int(ch) for ch in "".join(chunks)]]
    text = "".join(chunks)
    boundaries = set()
    pos = 0
    for c in chunks[:-1]:
        pos += len(c)
        boundaries.add(pos)
    n = len(text)
    found: list[list[int]] = []

    def fits(a: int, b: int) -> bool:
        return not any(a < x < b for x in boundaries) and (b - a == 1 or text[a] != "0")

    def go(pos: int, cells: list[int]) -> bool:
        _tick(deadline)
        i = len(cells)
        if i == 15:
            if pos == n:
                found.append(list(cells))
            return len(found) > MAX_SOLUTIONS
        left = 15 - i
        if n - pos < left:
            return False
        if i % 5 == 4:
            total = str(sum(cells[i - 4 : i]))
            end = pos + len(total)
            if text.startswith(total, pos) and fits(pos, end):
                return go(end, [*cells, int(total)])
            return False
        for end in range(pos + 1, n - left + 2):
            if not fits(pos, end):
                break  # a leading zero or a crossed boundary: longer cells fail the same way
            if go(end, [*cells, int(text[pos:end])]):
                return True
        return False

    go(0, [])
    return found


T4_CELL_DIGITS = 6  # no agency has a million 复议 or 诉讼 cases; longer cells are not readings
T4_GROUP_CUTS = 16  # cuts of one group's run kept for per-cell agreement; more leave it unknown


@dataclass(frozen=True)
class GroupReading:
    """One 表四 group read from run-together digits: its five cells (None where the readings
    differ) and whether its 总计 = 四项之和 fails in every reading (the digits cannot add up)."""

    cells: tuple[int | None, ...]
    broken: bool = False

    @property
    def known(self) -> bool:
        return any(v is not None for v in self.cells)


UNKNOWN_GROUP = GroupReading((None,) * 5)


def agreed(options: Sequence[Sequence[int]]) -> list[int | None]:
    """Per cell: the value every option gives it, or None where they differ."""
    return [col[0] if all(v == col[0] for v in col) else None for col in zip(*options, strict=True)]


def table4_group_readings(chunks: Sequence[str], deadline: float | None = None) -> list[GroupReading]:
    """表四's three groups read one by one, for run-together digits that no whole-table split fits.

    A reading cuts the digits into three runs (复议 first, then the two 诉讼 groups) and each run
    into five cells. Readings where more groups satisfy “总计=四项之和” are preferred; a group
    whose sum holds is read by that constraint, a group whose sum fails (a misprinted report)
    by every way its run cuts into five cells. A cell is known when every cut of every preferred
    reading gives it the same value."""
    chunks = [c for c in chunks if c]
    if not chunks or any(not c.isdigit() for c in chunks) or sum(map(len, chunks)) > MAX_DIGITS:
        return [UNKNOWN_GROUP] * 3
    text = "".join(chunks)
    n = len(text)
    boundaries = set()
    pos = 0
    for c in chunks[:-1]:
        pos += len(c)
        boundaries.add(pos)

    def cell(a: int, b: int) -> int | None:
        if b - a > T4_CELL_DIGITS or (b - a > 1 and text[a] == "0") or any(a < x < b for x in boundaries):
            return None
        return int(text[a:b])

    def cuts(a: int, b: int, k: int, budget: int | None) -> list[list[int]]:
        """Up to T4_GROUP_CUTS + 1 ways to cut text[a:b] into k cells (summing to ``budget``
        unless it is None)."""
        found: list[list[int]] = []

        def go(p: int, left: int, remaining: int | None, acc: list[int]) -> None:
            _tick(deadline)
            if len(found) > T4_GROUP_CUTS:
                return
            if left == 0:
                if p == b and not remaining:
                    found.append(list(acc))
                return
            if not left <= b - p <= left * T4_CELL_DIGITS:
                return
            for end in range(p + 1, min(b, p + T4_CELL_DIGITS) + 1):
                v = cell(p, end)
                if v is None:
                    break  # a leading zero, a crossed boundary or too long: longer cells fail too
                if remaining is not None and v > remaining:
                    break
                acc.append(v)
                go(end, left - 1, None if remaining is None else remaining - v, acc)
                acc.pop()

        go(a, k, budget, [])
        return found

    memo: dict[tuple[int, int], tuple[bool, list[list[int]]] | None] = {}

    def group(a: int, b: int) -> tuple[bool, list[list[int]]] | None:
        """(sum holds, its cuts — more than T4_GROUP_CUTS means too many) for the run text[a:b];
        None when it is no group."""
        if (a, b) not in memo:
            valid: list[list[int]] = []
            for start in range(max(a + 4, b - T4_CELL_DIGITS), b):
                total = cell(start, b)
                if total is not None:
                    valid += [[*c, total] for c in cuts(a, start, 4, total)]
                if len(valid) > T4_GROUP_CUTS:
                    break
            if valid:
                memo[a, b] = (True, valid)
            else:
                free = cuts(a, b, 5, None)
                memo[a, b] = (False, free) if free else None
        return memo[a, b]

    def preferred() -> list[list[tuple[bool, list[list[int]]]]]:
        best = -1
        readings: list[list[tuple[bool, list[list[int]]]]] = []
        for p1 in range(5, n - 9):
            first = group(0, p1)
            if first is None:
                continue
            for p2 in range(p1 + 5, n - 4):
                second, third = group(p1, p2), group(p2, n)
                if second is None or third is None:
                    continue
                score = first[0] + second[0] + third[0]
                if score < best:
                    continue
                if score > best:
                    best, readings = score, []
                readings.append([first, second, third])
        return readings

    readings = preferred()
    out: list[GroupReading] = []
    for g in range(3):
        options = [cut for r in readings for cut in r[g][1]]
        if not options or any(len(r[g][1]) > T4_GROUP_CUTS for r in readings):
            out.append(UNKNOWN_GROUP)
            continue
        broken = not any(r[g][0] for r in readings)
        out.append(GroupReading(tuple(agreed(options)), broken))
    return out


def combine(
    candidates: dict[str, list[list[int]]],
    check: Callable[[dict[str, list[int]]], bool],
    limit: int = 200_000,
    deadline: float | None = None,
) -> list[dict[str, list[int]]] | None:
    """Choices of one candidate per row that pass a whole-table check (at most 2 are returned:
    the caller needs only "none", "unique" or "several"); None when there are more than ``limit``
    choices to try (not "none": nothing was tried)."""
    keys = list(candidates)
    total = 1
    for k in keys:
        total *= max(1, len(candidates[k]))
        if total > limit:
            return None
    out: list[dict[str, list[int]]] = []
    for i, choice in enumerate(product(*(candidates[k] for k in keys))):
        if not i % 1024:
            _tick(deadline)
        rows = dict(zip(keys, choice, strict=True))
        if check(rows):
            out.append(rows)
            if len(out) > 1:
                break
    return out


def table2_splits(
    chunks: Sequence[str], kinds: Sequence[str], deadline: float | None = None
) -> list[list[int | Decimal]]:
    """Splits of a 表二 row's run-together chunks into one value per column.

    ``kinds`` gives each column's kind: "count" (a whole number ≥ 0), "signed" (the 2019 format's
    「本年增/减」, may be negative) or "money" (an amount, may have decimals). A chunk is digits,
    optionally with a leading sign and a decimal part (it then ends with an amount). A sign is a
    cell boundary the crawler kept and opens the signed cell (「97+82179」: 「+8…」 is 本年增/减):
    a chunk that begins with one begins in the signed column when the row has one. Each chunk
    holds one or more whole cells. At most MAX_SOLUTIONS + 1 splits are returned."""
    parsed = []
    for c in chunks:
        m = re.fullmatch(r"([-+]?)(\d+)(?:\.(\d+))?", c)
        if not m:
            return []
        parsed.append((m.group(1), m.group(2), m.group(3)))
    width = len(kinds)
    if not parsed or len(parsed) > width or sum(len(d) for _, d, _ in parsed) > MAX_DIGITS:
        return []
    found: list[list[int | Decimal]] = []

    def go(i: int, acc: list[int | Decimal]) -> bool:
        _tick(deadline)
        if i == len(parsed):
            if len(acc) == width:
                found.append(list(acc))
                return len(found) > MAX_SOLUTIONS
            return False
        sign, digits, fraction = parsed[i]
        negative = sign == "-"
        if sign and "signed" in kinds and (len(acc) >= width or kinds[len(acc)] != "signed"):
            return False
        room = width - len(acc) - (len(parsed) - i - 1)
        for k in range(1, min(len(digits), room) + 1):
            for nums in _numbers(digits, k):
                cells: list[int | Decimal] = list(nums)
                if negative:
                    cells[0] = -cells[0]
                if fraction is not None:
                    cells[-1] = Decimal(f"{'-' if negative and k == 1 else ''}{nums[-1]}.{fraction}")
                if all(_fits(v, kinds[len(acc) + j]) for j, v in enumerate(cells)) and go(i + 1, acc + cells):
                    return True
        return False

    go(0, [])
    return found


def _fits(value: int | Decimal, kind: str) -> bool:
    if kind == "money":
        return value >= 0
    if isinstance(value, Decimal):
        return False
    return kind == "signed" or value >= 0
