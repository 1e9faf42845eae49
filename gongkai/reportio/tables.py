"""Grids → readings of the statutory rows of tables 二, 三 and 四.

Rows are recognised by their labels (gongkai.reportio.labels), wherever they are. The cells of a
row are found against the column layout of its table's header when the row fits it, and
otherwise as the cells that follow the label — text exports shift rows against their header,
merged cells leave empty cells at either end, and tables continue across PDF pages without
repeating the header.
"""

from __future__ import annotations

from gongkai.law.formats import TABLE2_2019, TABLE2_2021, TABLE2_ITEM_HEADER, TABLE3_COLUMNS
from gongkai.reportio.blocks import Grid
from gongkai.reportio.labels import (
    cell_kind,
    has_cjk,
    is_table2_item_heading,
    is_table3_header,
    is_table4_header,
    match_table2_column,
    match_table2_row,
    match_table3,
    squash,
    table3_column,
)
from gongkai.reportio.readings import Reading, Readings

N3 = len(TABLE3_COLUMNS)
_ITEM_COLUMNS = {r: item.columns for item in TABLE2_2021 + TABLE2_2019 for r in item.rows}


def _is_label(text: str) -> bool:
    return has_cjk(text) and cell_kind(text) == "text"


class _State:
    def __init__(self) -> None:
        self.t3_positions: list[int] | None = None
        self.t3_width = 0
        self.t2_columns: list[str] | None = None
        self.in_t4 = False


def read_grids(grids: list[Grid]) -> Readings:
    out = Readings()
    state = _State()
    for grid in grids:
        _read_grid(grid, state, out)
    return out


def _header_positions(grid: Grid, r: int) -> dict[int, int]:
    found: dict[int, int] = {}
    for c, text in enumerate(grid.cells[r]):
        col = table3_column(text)
        if col is not None and col not in found:
            found[col] = c
    return found


def _read_grid(grid: Grid, state: _State, out: Readings) -> None:
    if state.t3_positions and grid.width != state.t3_width:
        state.t3_positions = None  # a new table, not the continuation of the last one
    positions: dict[int, int] = {}
    for r, row in enumerate(grid.cells):
        copy = grid.copy[r]
        nonempty = [(c, t) for c, t in enumerate(row) if squash(t)]
        if not nonempty:
            if state.in_t4 and len(row) >= 15:  # the blank data row of an unfilled 表四
                out.add(Reading("4", "", ["" for c in range(len(row)) if not copy[c]][:15]))
                state.in_t4 = False
            continue
        labels = [c for c, t in enumerate(row) if _is_label(t)]
        # --- header rows -------------------------------------------------------------------
        if any(is_table3_header(t) for _, t in nonempty) and not any(
            cell_kind(t) == "number" for _, t in nonempty
        ):
            out.table3_seen = True
            state.in_t4 = False
            positions.update({k: v for k, v in _header_positions(grid, r).items() if k not in positions})
            if len(positions) == N3:
                state.t3_positions = [positions[i] for i in range(N3)]
                state.t3_width = grid.width
            continue
        if labels and all(is_table4_header(row[c]) for c in labels) and len(labels) >= 2:
            out.table4_seen = True
            state.in_t4 = True
            continue
        first = squash(nonempty[0][1])
        if first == TABLE2_ITEM_HEADER:
            cols = []
            for c, t in nonempty[1:]:
                if copy[c]:
                    continue
                m = match_table2_column(t)
                if m:
                    cols.append(m[0])
                    out.table2_headers.append((t, m[0], m[1], m[2]))
            state.t2_columns = cols or None
            continue
        if is_table2_item_heading(first) and len(labels) == len([c for c in labels if not copy[c]]) <= 1:
            state.t2_columns = None
            continue
        # --- data rows -----------------------------------------------------------------------
        if not labels:
            if state.in_t4:
                chunks = [t.strip() for c, t in enumerate(row) if not copy[c]]
                chunks = _trim(chunks, 15)
                group = len(chunks) == 5 and out.table4 is not None and len(out.table4.chunks) in (5, 10)
                if group and out.table4 is not None:
                    # 表四 printed as three small tables, one per group (结果维持 … 总计 each)
                    out.table4.chunks = [*out.table4.chunks, *chunks]
                else:
                    out.add(Reading("4", "", chunks, printed="", origin="grid"))
                state.in_t4 = False
            continue
        last = labels[-1]
        after = [c for c in range(last + 1, len(row)) if not copy[c]]
        if len(labels) >= 3 and not any(cell_kind(t) == "number" for _, t in nonempty):
            # a header row of words only (「项目 | 本年新收件数 | … | 总计」) is not a data row; a 表三
            # row label over merged cells followed by its seven empty cells is one, printed blank
            # (the blank template)
            blank_row = match_table3(row[last]) if out.table3_seen and len(after) >= N3 else None
            if not (blank_row and blank_row.exact and not any(squash(row[c]) for c in after)):
                continue
        if any(_is_label(row[c]) for c in after):
            continue
        key_match = None
        for c in reversed(labels):
            key_match = match_table3(row[c])
            if key_match:
                break
        if key_match:
            out.table3_seen = True
            state.in_t4 = False
            chunks = _table3_cells(row, copy, last, state)
            out.add(Reading("3", key_match.key, chunks, printed=row[c], exact=key_match.exact))
            continue
        t2 = match_table2_row(row[last])
        if t2:
            cols = list(state.t2_columns or _ITEM_COLUMNS[t2.label])
            if len(cols) != len(_ITEM_COLUMNS[t2.label]):
                cols = list(_ITEM_COLUMNS[t2.label])
            chunks = _trim([row[c].strip() for c in after], len(cols))
            out.add(Reading("2", t2.label, chunks, printed=row[last]))
            out.table2_columns.setdefault(t2.label, cols)
            continue
        if any(cell_kind(row[c]) == "number" for c in after) and out.table3_seen and not out.table4_seen:
            out.unknown_rows.append("".join(squash(row[c]) for c in labels if not copy[c]))


def _trim(chunks: list[str], width: int) -> list[str]:
    """Drop empty cells that merged labels or padding left at the ends of a row."""
    chunks = list(chunks)
    while len(chunks) > width and chunks and not squash(chunks[-1]):
        chunks.pop()
    while len(chunks) > width and chunks and not squash(chunks[0]):
        chunks.pop(0)
    return chunks[:width]


def _table3_cells(row: list[str], copy: list[bool], last: int, state: _State) -> list[str]:
    pos = state.t3_positions
    if (
        pos
        and last < pos[0]
        and len(row) > pos[-1]
        and not any(squash(row[c]) for c in range(last + 1, pos[0]) if not copy[c])
    ):
        cells = [row[p].strip() for p in pos]
        filled = [c for c in cells if squash(c)]
        # a row whose cells ran together sits in the first few columns: hand on the chunks
        if len(filled) < N3 and all(cell_kind(c) == "number" for c in filled) and _contiguous(cells):
            if sum(len(squash(c)) for c in filled) > len(filled):
                return filled
        return cells
    after = [row[c].strip() for c in range(last + 1, len(row)) if not copy[c]]
    return _trim(after, N3)


def _contiguous(cells: list[str]) -> bool:
    seen_blank = False
    for c in cells:
        if not squash(c):
            seen_blank = True
        elif seen_blank:
            return False
    return True
