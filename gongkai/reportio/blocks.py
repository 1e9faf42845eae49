"""A document as the format readers see it: paragraphs and tables in document order.

Every reader (txt, html, docx, pdf) turns its format into a :class:`Document`; everything after
that — sections, tables 二/三/四, agency and year — works on these blocks and does not know the
format. Merged table cells are expanded: the covered positions repeat the text of the merged cell
and are marked ``copy`` so a reader of values can tell a printed cell from its shadow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.reportio.errors import UnreadableReport

# A report's tables have a few hundred cells; merged cells (colspan × rowspan) can multiply a
# small file into millions, so a table's expanded size is capped, not only each span.
MAX_GRID_CELLS = 200_000
# A whole report, as read: about 150 paragraphs (a crawl of one cell per line: 1,500), 500 table
# cells and 10,000 characters (a 60-page PDF: 150,000). Past these bounds no report is possible,
# and what follows the reading (sections, the flat scanner, the table matching) would spend
# seconds to minutes on it — a 4 MB text of 300,000 table rows took over a minute (tests/fuzz).
MAX_PARAGRAPHS = 5_000
MAX_CELLS = 20_000
MAX_TEXT_CHARS = 300_000


@dataclass
class Paragraph:
    text: str


@dataclass
class Grid:
    """A table as a rectangle of cell texts; ``copy[r][c]`` marks positions covered by a merge."""

    cells: list[list[str]]
    copy: list[list[bool]] = field(default_factory=list)

    def __post_init__(self) -> None:
        width = max((len(r) for r in self.cells), default=0)
        for r in self.cells:
            r.extend([""] * (width - len(r)))
        if not self.copy:
            self.copy = [[False] * width for _ in self.cells]
        for r in self.copy:
            r.extend([False] * (width - len(r)))

    @property
    def width(self) -> int:
        return len(self.cells[0]) if self.cells else 0


Block = Paragraph | Grid


@dataclass
class Document:
    blocks: list[Block]
    kind: str  # "txt" | "html" | "docx" | "pdf"
    title: str | None = None  # a title the container states (HTML <title>, crawler header)
    published: str | None = None  # a publication date the container states
    flat_text: bool = False  # tables were flattened into running text (crawler renderings)

    def paragraphs(self) -> list[str]:
        return [b.text for b in self.blocks if isinstance(b, Paragraph)]

    def grids(self) -> list[Grid]:
        return [b for b in self.blocks if isinstance(b, Grid)]


def expand_spans(rows: list[list[tuple[str, int, int]]]) -> Grid:
    """Rows of (text, rowspan, colspan) cells → a Grid with merged cells expanded (HTML, DOCX)."""
    grid: list[list[str | None]] = []
    copy: list[list[bool]] = []
    size = 0
    for r, row in enumerate(rows):
        while len(grid) <= r:
            grid.append([])
            copy.append([])
        c = 0
        for text, rowspan, colspan in row:
            while c < len(grid[r]) and grid[r][c] is not None:
                c += 1
            rowspan = max(1, min(rowspan, 1000))
            colspan = max(1, min(colspan, 1000))
            for dr in range(rowspan):
                rr = r + dr
                if rr >= len(rows):
                    break
                while len(grid) <= rr:
                    grid.append([])
                    copy.append([])
                need = c + colspan
                if len(grid[rr]) < need:
                    size += need - len(grid[rr])
                    if size > MAX_GRID_CELLS:
                        raise UnreadableReport(
                            f"表格合并单元格展开后超过 {MAX_GRID_CELLS} 个单元格，不是年度报告的表格，已拒绝。"
                        )
                    grid[rr].extend([None] * (need - len(grid[rr])))
                    copy[rr].extend([False] * (need - len(copy[rr])))
                for dc in range(colspan):
                    grid[rr][c + dc] = text
                    copy[rr][c + dc] = bool(dr or dc)
            c += colspan
    cells = [[t if t is not None else "" for t in row] for row in grid]
    return Grid(cells, copy)


def check_size(doc: Document) -> None:
    """Refuse a document far beyond any annual report before anything works through it."""
    paragraphs = cells = chars = 0
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            paragraphs += 1
            chars += len(block.text)
        else:
            for row in block.cells:
                cells += len(row)
                chars += sum(len(c) for c in row)
    if paragraphs > MAX_PARAGRAPHS:
        raise UnreadableReport(
            f"文件有 {paragraphs} 段文字，远超年度报告的篇幅（不超过 {MAX_PARAGRAPHS} 段），不是年度报告，已拒绝。"
        )
    if cells > MAX_CELLS:
        raise UnreadableReport(
            f"文件的表格共有 {cells} 个单元格，远超年度报告的表格（不超过 {MAX_CELLS} 个），不是年度报告，已拒绝。"
        )
    if chars > MAX_TEXT_CHARS:
        raise UnreadableReport(
            f"文件有 {chars} 个字，远超年度报告的篇幅（不超过 {MAX_TEXT_CHARS} 字），不是年度报告，已拒绝。"
        )
