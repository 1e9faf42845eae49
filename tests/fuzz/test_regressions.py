"""Bugs the fuzzing found, each pinned by the input that showed it."""

from __future__ import annotations

import io
import os
import resource
import signal
import time
import zipfile

import pytest

import gongkai.reportio.pdf as pdf_reader
from gongkai.reportio import UnreadableReport, read_report
from gongkai.reportio.checking import UNEXPECTED, check_bytes
from tests.fuzz import bombs, pdfs
from tests.fuzz.bombs import understated_size
from tests.fuzz.harness import assert_contract


def test_docx_member_declared_small_is_not_inflated_past_its_declared_size() -> None:
    """A document.xml declared 100 bytes whose deflate stream holds 2 GB of zeros (2 MB zipped):
    zipfile's read() inflated all of it before cutting to 100 bytes — 8 s and 2 GB of memory."""
    bomb = understated_size(2000)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    outcome = assert_contract(bomb, "r.docx")
    assert time.perf_counter() - t0 < 1.5
    assert outcome.kind == "unreadable" and "DOCX" in outcome.detail
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 200


def test_pdf_page_naming_one_stream_hundreds_of_times_is_cut_off(short_pdf_limit) -> None:
    """900 KB that PDFium's FPDF_LoadPage turned into 12 million objects for 34 s, out of reach
    of any Python deadline: the reading now runs in a child process killed at the limit (or
    refused the memory, where PDFium gives up the page)."""
    t0 = time.perf_counter()
    outcome = assert_contract(pdfs.repeated_contents(300), "r.pdf")
    assert time.perf_counter() - t0 < 2.5
    assert outcome.kind == "unreadable" and "PDF" in outcome.detail


def test_pdf_content_stream_inflating_to_a_gigabyte_is_cut_off(short_pdf_limit) -> None:
    """1 MB deflating to 1 GB of zeros: 11 s and 1 GB in PDFium; the child is killed (time) or
    refused its memory (address-space cap) — either way an unreadable file, quickly."""
    t0 = time.perf_counter()
    outcome = assert_contract(pdfs.stream_bomb(1000), "r.pdf")
    assert time.perf_counter() - t0 < 2.5
    assert outcome.kind == "unreadable" and "PDF" in outcome.detail


def test_pdf_page_of_too_many_objects_is_refused_before_its_text_page_is_built() -> None:
    """200,000 text objects: PDFium's text page took 2 s (10 s for the 1.2 million a 26 MB file
    holds) before the character count refused it; the object count now refuses it first."""
    t0 = time.perf_counter()
    outcome = assert_contract(pdfs.dense_text(200_000), "r.pdf")
    assert time.perf_counter() - t0 < 1.5
    assert "200000 个图形元素" in outcome.detail


def test_pdf_reader_crashing_in_its_child_is_an_unreadable_file(monkeypatch) -> None:
    monkeypatch.setattr(pdf_reader, "_read_here", lambda data: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(UnreadableReport, match="PDF 文件已损坏"):
        read_report(pdfs.good(), "r.pdf")


def test_a_bug_in_the_pdf_child_still_reaches_the_check_service_as_a_bug(monkeypatch, caplog) -> None:
    """A bug of ours is not disguised as a damaged file: it comes back with the child's traceback
    and the check service logs it (and gives the person its Chinese message)."""

    def broken(data):
        raise ZeroDivisionError("a bug of ours")

    monkeypatch.setattr(pdf_reader, "_read_here", broken)
    with pytest.raises(RuntimeError, match="ZeroDivisionError: a bug of ours"):
        read_report(pdfs.good(), "r.pdf")
    result = check_bytes(pdfs.good(), "r.pdf")
    assert result.error == UNEXPECTED and "ZeroDivisionError" in caplog.text


def test_pdf_reading_in_the_child_gives_the_same_blocks_as_in_this_process() -> None:
    data = pdfs.good()
    assert pdf_reader.read_pdf(data) == pdf_reader._read_here(data)


# --- sizes far beyond any report, refused before the work that took seconds to minutes ----------
BIG_INPUTS = {
    # (bytes, name, words of the message): each took 5 s to over a minute before (4 MB at most)
    "txt-300000-table-rows": ("合计\t1\t2\t3\n" * 300_000, "r.txt", "行"),
    "txt-150000-paragraphs": ("总体情况说明文字。\n" * 150_000, "r.txt", "行"),
    "txt-one-line-of-two-million-numbers": (
        "三、收到和处理政府信息公开申请情况 " + "1 " * 2_000_000,
        "r.txt",
        "字",
    ),
    "html-100000-table-rows": (
        "<html><body><table>" + "<tr><td>合计</td><td>1</td></tr>" * 100_000 + "</table></body></html>",
        "r.html",
        "元素",
    ),
    "html-50000-tables": (
        "<html><body>" + "<table><tr><td>合计</td><td>1</td></tr></table>" * 50_000 + "</body></html>",
        "r.html",
        "元素",
    ),
    "html-one-paragraph-of-a-million-characters": (
        "<html><body><p>" + "年" * 1_000_000 + "</p></body></html>",
        "r.html",
        "字",
    ),
    "html-30000-cells": (
        "<html><body><table>"
        + "<tr><td>合计</td><td>1</td><td>2</td></tr>" * 10_000
        + "</table></body></html>",
        "r.html",
        "单元格",
    ),
}


@pytest.mark.parametrize("case", list(BIG_INPUTS))
def test_input_far_beyond_any_report_is_refused_within_a_second_or_two(case) -> None:
    text, name, words = BIG_INPUTS[case]
    t0 = time.perf_counter()
    outcome = assert_contract(text.encode(), name)
    assert time.perf_counter() - t0 < 2.5
    assert outcome.kind == "unreadable" and words in outcome.detail and "远超" in outcome.detail


def test_docx_of_19000_table_cells_reads_in_time() -> None:
    """Just under the caps: read through, no quadratic step (an XPath union of the paragraphs and
    cells took 3 s here)."""
    row = (
        "<w:tr><w:tc><w:p><w:r><w:t>合计</w:t></w:r></w:p></w:tc>"
        + "<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>" * 8
    )
    body = f"<w:tbl>{(row + '</w:tr>') * 2_100}</w:tbl>".encode()
    data = bombs.BODY.replace(b"<w:p><w:r><w:t>%s</w:t></w:r></w:p>", body)
    t0 = time.perf_counter()
    assert_contract(bombs.zipped([("word/document.xml", data)]), "r.docx")
    assert time.perf_counter() - t0 < 2.5


def _stored_docx(body: bytes) -> bytes:
    """A DOCX whose document.xml is stored, not deflated: no compression ratio to give it away."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("word/document.xml", bombs.BODY.replace(b"<w:p><w:r><w:t>%s</w:t></w:r></w:p>", body))
    return buf.getvalue()


STORED_DOCX = {
    # 27 MB of line breaks: 17 s (1.5 million paragraphs built, then refused)
    "1500000-breaks": (b"<w:p><w:r>" + b"<w:t>x</w:t><w:br/>" * 1_500_000 + b"</w:r></w:p>", "标记"),
    # 28 MB of text runs in one paragraph: 12 s
    "2500000-text-runs": (b"<w:p><w:r>" + b"<w:t>1</w:t>" * 2_500_000 + b"</w:r></w:p>", "标记"),
    # under the tag cap, over the text pieces cap
    "150000-text-runs": (b"<w:p><w:r>" + b"<w:t>1</w:t>" * 150_000 + b"</w:r></w:p>", "文字片段"),
}


@pytest.mark.parametrize("case", list(STORED_DOCX))
def test_stored_docx_of_millions_of_elements_is_refused_before_parsing_them(case) -> None:
    body, words = STORED_DOCX[case]
    t0 = time.perf_counter()
    outcome = assert_contract(_stored_docx(body), "r.docx")
    assert time.perf_counter() - t0 < 2.5
    assert outcome.kind == "unreadable" and words in outcome.detail and "远超" in outcome.detail
