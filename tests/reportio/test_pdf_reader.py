"""The PDF reader (PDFium engine): same blocks as pdfplumber on the real reports, vertical CJK side
labels, footers, merged cells, lines drawn inside scaled forms, concurrent use, and hostile PDFs."""

from __future__ import annotations

import io
import threading
import time

import pytest

from gongkai.reportio import UnreadableReport, read_report
from gongkai.reportio.blocks import Grid
from gongkai.reportio.pdf import read_pdf
from tests.conftest import FIXTURES, needs_fixtures

REPORTS = FIXTURES / "reports"
PDFS = sorted(REPORTS.glob("*/report.pdf")) if REPORTS.is_dir() else []


def _blocks(doc) -> list:
    return [(b.cells, b.copy) if isinstance(b, Grid) else b.text for b in doc.blocks]


def _pdfplumber_blocks(data: bytes) -> list:
    """What pdfplumber (pdfminer underneath) makes of the file: its text lines and ruled tables."""
    import pdfplumber

    from gongkai.reportio.pdf import _FOOTER_RE

    out: list = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for line in (page.extract_text() or "").split("\n"):
                line = line.strip()
                if line and not _FOOTER_RE.match(line):
                    out.append(line)
            for table in page.find_tables():
                rows = table.extract()
                if rows and max(len(r) for r in rows) >= 2:
                    out.append(([[c or "" for c in r] for r in rows], [[c is None for c in r] for r in rows]))
    return out


@needs_fixtures
@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.parent.name)
def test_reads_real_reports_exactly_as_pdfplumber_did(path) -> None:
    data = path.read_bytes()
    assert _blocks(read_pdf(data)) == _pdfplumber_blocks(data)


@needs_fixtures
def test_vertical_cjk_side_label_and_cjk_row_labels() -> None:
    """002's 表三 prints 三、本年度办理结果 in a vertical (Identity-V) font down a merged cell."""
    doc = read_pdf((REPORTS / "002_hongze_2023" / "report.pdf").read_bytes())
    cells = {c.replace("\n", "") for g in doc.grids() for row in g.cells for c in row}
    assert "三、本年度办理结果" in cells
    assert "一、本年新收政府信息公开申请数量" in cells
    assert "（三）不予公开" in cells


@needs_fixtures
def test_page_footers_are_dropped() -> None:
    import pypdfium2 as pdfium

    data = (REPORTS / "001_huaian_2024" / "report.pdf").read_bytes()
    pdf = pdfium.PdfDocument(data)
    try:
        raw_text = pdf[1].get_textpage().get_text_range()
    finally:
        pdf.close()
    assert "- 2 -" in raw_text  # the page prints its number...
    paragraphs = read_pdf(data).paragraphs()
    assert paragraphs and not any(p in ("- 1 -", "- 2 -", "- 3 -") for p in paragraphs)  # ...we drop it


@needs_fixtures
def test_concurrent_reads_give_the_same_blocks() -> None:
    """PDFium is not thread-safe; the reader serialises its use, so threads get correct results."""
    datas = [p.read_bytes() for p in PDFS] * 2
    expected = [_blocks(read_pdf(d)) for d in datas]
    got: list = [None] * len(datas)

    def work(i: int) -> None:
        got[i] = _blocks(read_pdf(datas[i]))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(datas))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == expected


# --- hand-built PDFs ------------------------------------------------------------------------------


def pdf_bytes(pages: list[bytes], *, extra_objects: dict[int, bytes] | None = None) -> bytes:
    """A PDF of the given content streams (Helvetica as /F1), with a correct xref table."""
    objects: dict[int, bytes] = {
        1: b"<</Type/Catalog/Pages 2 0 R>>",
        3: b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    }
    kids = []
    for i, content in enumerate(pages):
        page_id, stream_id = 10 + 2 * i, 11 + 2 * i
        kids.append(f"{page_id} 0 R".encode())
        resources = (
            b"<</Font<</F1 3 0 R>>/XObject<</Fm1 5 0 R>>>>" if extra_objects else b"<</Font<</F1 3 0 R>>>>"
        )
        objects[page_id] = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources" + resources
        objects[page_id] += f"/Contents {stream_id} 0 R>>".encode()
        objects[stream_id] = _stream(content)
    objects[2] = b"<</Type/Pages/Kids[" + b" ".join(kids) + f"]/Count {len(pages)}>>".encode()
    objects.update(extra_objects or {})
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for n in sorted(objects):
        offsets[n] = len(out)
        out += f"{n} 0 obj\n".encode() + objects[n] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += f"xref\n0 {size}\n".encode() + b"0000000000 65535 f \n"
    for n in range(1, size):
        out += f"{offsets[n]:010d} 00000 n \n".encode() if n in offsets else b"0000000000 65535 f \n"
    out += f"trailer<</Size {size}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(content: bytes, head: bytes = b"") -> bytes:
    return b"<<" + head + f"/Length {len(content)}>>stream\n".encode() + content + b"\nendstream"


def _text(x: float, y: float, s: str, size: int = 10) -> bytes:
    return f"BT /F1 {size} Tf {x} {y} Td ({s}) Tj ET\n".encode()


PROSE = b"".join(
    _text(72, 780 - 14 * i, f"Line {i} of the report body text, long enough to count.") for i in range(4)
)


def test_ruled_table_with_a_merged_cell_and_thin_rectangles() -> None:
    """Borders drawn as 0.5 pt filled rectangles (Word's way); the top row's first cell spans two
    columns, so the position it covers reads as a copy."""
    xs, ys = [100, 200, 300, 400], [600, 580, 560, 540]
    rules = b"".join(f"{x - 0.25} {ys[-1]} 0.5 {ys[0] - ys[-1]} re f\n".encode() for x in xs if x != 200)
    rules += f"199.75 {ys[-1]} 0.5 {ys[1] - ys[-1]} re f\n".encode()  # column 1|2 rule stops below row 0
    rules += b"".join(f"{xs[0]} {y - 0.25} {xs[-1] - xs[0]} 0.5 re f\n".encode() for y in ys)
    cells = _text(110, 586, "Merged") + _text(310, 586, "C")
    cells += _text(110, 566, "a1") + _text(210, 566, "b1") + _text(310, 566, "c1")
    cells += _text(110, 546, "a2") + _text(210, 546, "b2") + _text(310, 546, "12 34")
    doc = read_pdf(pdf_bytes([PROSE + rules + cells]))
    (grid,) = doc.grids()
    assert grid.cells == [["Merged", "", "C"], ["a1", "b1", "c1"], ["a2", "b2", "12 34"]]
    assert grid.copy == [[False, True, False], [False] * 3, [False] * 3]
    assert "Line 0 of the report body text, long enough to count." in doc.paragraphs()


def test_lines_inside_a_scaled_form_xobject_are_placed_on_the_page() -> None:
    """A 2× scaled form draws the grid in half-size units; its cells must land under the text."""
    grid = b"".join(f"{x} 270 m {x} 300 l S\n".encode() for x in (50, 100, 150))
    grid += b"".join(f"50 {y} m 150 {y} l S\n".encode() for y in (270, 285, 300))
    form = {5: _stream(grid, b"/Type/XObject/Subtype/Form/BBox[0 0 595 842]/Matrix[2 0 0 2 0 0]")}
    text = _text(110, 580, "p") + _text(210, 580, "q") + _text(110, 550, "r") + _text(210, 550, "s")
    doc = read_pdf(pdf_bytes([PROSE + b"q /Fm1 Do Q\n" + text], extra_objects=form))
    assert [g.cells for g in doc.grids()] == [[["p", "q"], ["r", "s"]]]


def _encrypted() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"4 0 obj<</Filter/Standard/V 1/R 2/O<" + b"11" * 32 + b">/U<" + b"22" * 32 + b">/P -4>>endobj\n"
        b"trailer<</Root 1 0 R/Encrypt 4 0 R/ID[<0123456789abcdef0123456789abcdef><0123456789abcdef0123456789abcdef>]>>"
        b"\n%%EOF"
    )


HOSTILE = {
    "encrypted": (_encrypted, "加密"),
    "61-pages": (lambda: pdf_bytes([PROSE] * 61), "60 页"),
    "blank-pages": (lambda: pdf_bytes([b""] * 3), "文字层"),
    "30000-chars-on-a-page": (
        lambda: pdf_bytes([b"BT /F1 1 Tf 10 800 Td (" + b"x" * 30000 + b") Tj ET"]),
        "字符",
    ),
    "200000-lines-on-a-page": (lambda: pdf_bytes([PROSE + b"0 0 m 1 1 l S\n" * 200_000]), "图形"),
    "truncated-report": (lambda: (lambda pdf: pdf[: len(pdf) // 3])(pdf_bytes([PROSE] * 3)), "PDF"),
    "garbage-after-header": (lambda: b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF", "PDF"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_pdf_gets_a_chinese_error_fast(case) -> None:
    make, words = HOSTILE[case]
    data = make()
    t0 = time.perf_counter()
    with pytest.raises(UnreadableReport) as exc:
        read_report(data, "r.pdf")
    assert time.perf_counter() - t0 < 5
    assert words in str(exc.value)


def test_a_slow_file_ends_at_the_deadline(monkeypatch) -> None:
    import gongkai.reportio.pdf as reader

    monkeypatch.setattr(reader, "DEADLINE_S", -1.0)
    with pytest.raises(UnreadableReport, match="超时"):
        read_pdf(pdf_bytes([PROSE, PROSE]))
