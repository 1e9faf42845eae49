"""Property: any ruled grid with merged cells, drawn as jittered and broken ruling lines, reads back
as its cells — each cell's text where the cell starts, ``None`` where a merge covers a column."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from gongkai.reportio.pdf.lattice import Segment, tables
from gongkai.reportio.pdf.text import Char


@st.composite
def ruled_grids(draw):
    n_cols = draw(st.integers(1, 6))
    n_rows = draw(st.integers(1, 6))
    xs = [50.0]
    for _ in range(n_cols):
        xs.append(xs[-1] + draw(st.integers(12, 60)))
    ys = [100.0]
    for _ in range(n_rows):
        ys.append(ys[-1] + draw(st.integers(14, 40)))
    # merged[r][c]: the rule between columns c and c+1 is missing in row r
    merged = [[draw(st.booleans()) for _ in range(n_cols - 1)] for _ in range(n_rows)]
    jitter = st.floats(-1.0, 1.0)
    horizontal, vertical = [], []
    for y in ys:  # each horizontal rule in two pieces, a small gap between them
        cut = draw(st.floats(xs[0] + 5, xs[-1] - 5))
        gap = draw(st.floats(0, 2.5))
        horizontal += [Segment(y + draw(jitter), xs[0], cut), Segment(y + draw(jitter), cut + gap, xs[-1])]
    for c, x in enumerate(xs):  # vertical rules drawn row by row, as Word does
        for r in range(n_rows):
            inner = 0 < c < n_cols
            if not (inner and merged[r][c - 1]):
                vertical.append(Segment(x + draw(jitter), ys[r], ys[r + 1]))
    return xs, ys, merged, horizontal, vertical


@given(ruled_grids())
def test_ruled_grid_reads_back_cell_by_cell(grid) -> None:
    xs, ys, merged, horizontal, vertical = grid
    chars, expected_cells = [], []
    for r in range(len(ys) - 1):
        starts = [0] + [c + 1 for c, m in enumerate(merged[r]) if not m]
        ends = starts[1:] + [len(xs) - 1]
        row = {}
        for k, (a, b) in enumerate(zip(starts, ends, strict=True)):
            text = f"{chr(65 + r)}{k}"
            row[a] = text
            mid_x, mid_y = (xs[a] + xs[b]) / 2, (ys[r] + ys[r + 1]) / 2
            chars += [
                Char(mid_x - 5 + 5 * i, mid_y - 4, mid_x + 5 * i, mid_y + 4, ch) for i, ch in enumerate(text)
            ]
        expected_cells.append(row)
    assume(sum(len(row) for row in expected_cells) > 1)  # one lone box is a framed paragraph, not a table
    used = sorted({c for row in expected_cells for c in row})  # columns where some cell starts
    expected = [[row.get(c) for c in used] for row in expected_cells]
    assert tables(horizontal, vertical, chars) == [expected]
