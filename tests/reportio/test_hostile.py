"""Hostile and wrong inputs: each gets a clear Chinese UnreadableReport quickly, never a crash."""

from __future__ import annotations

import io
import os
import time
import zipfile

import pytest

from gongkai.reportio import UnreadableReport, read_report
from tests.reportio import builders as b


def zip_bomb() -> bytes:
    """A DOCX-shaped zip a few hundred KB long whose document.xml inflates to 64 MB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(64):
                f.write(chunk)
    return buf.getvalue()


def not_a_report_html() -> bytes:
    return "<html><head><meta charset=utf-8><title>天气预报</title></head><body><p>明天晴，气温 20 度。</p></body></html>".encode()


CASES = {
    "zip-bomb-docx": (lambda: zip_bomb(), "r.docx", "压缩炸弹"),
    "truncated-docx": (lambda: b.to_docx(b.make_spec(1))[:3000], "r.docx", "DOCX"),
    "malformed-pdf": (lambda: b"%PDF-1.7\n" + os.urandom(4000) + b"\n%%EOF", "r.pdf", "PDF"),
    "pdf-without-text": (
        lambda: (
            b"%PDF-1.1\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"
        ),
        "r.pdf",
        "PDF",
    ),
    "50mb-text": (lambda: b"\xe5\xb9\xb4" * (50 * 1024 * 1024 // 3), "r.txt", "过"),
    "wrong-encoding": (lambda: bytes(range(128, 256)) * 50, "r.txt", "编码"),
    "binary-as-text": (lambda: b"\x00\x01\x02" * 1000, "r.txt", "二进制"),
    "not-a-report": (lambda: not_a_report_html(), "r.html", "不是政府信息公开工作年度报告"),
    "old-word-doc": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "r.doc", "DOCX"),
    "pdf-extension-lies": (lambda: b"hello", "r.pdf", "PDF"),
    "empty": (lambda: b"", "r.txt", "空"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_input_gets_a_chinese_error_fast(case) -> None:
    make, name, words = CASES[case]
    data = make()
    t0 = time.perf_counter()
    with pytest.raises(UnreadableReport) as exc:
        read_report(data, name)
    assert time.perf_counter() - t0 < 5
    assert words in str(exc.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc.value))


def test_run_together_digits_of_absurd_length_do_not_stall() -> None:
    """Long digit runs in every row make the split search explode; a deadline ends it."""
    import random

    from gongkai.law.formats import FORMAT_2021

    rnd = random.Random(4)
    parts = ["一、总体情况 无。二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况"]
    for row in FORMAT_2021.table3_rows:
        parts.append(row.label + "".join(rnd.choice("123456789") for _ in range(34)))
    parts.append(
        "四、政府信息公开行政复议、行政诉讼情况行政复议总计"
        + "".join(rnd.choice("123456789") for _ in range(50))
    )
    parts.append("五、存在的主要问题及改进情况无。六、其他需要报告的事项无。")
    t0 = time.perf_counter()
    report = read_report("".join(parts).encode(), "page.txt")
    assert time.perf_counter() - t0 < 5
    assert report.table3.rows["一"] == [None] * 7
    assert any(n.rule == "PARSE" for n in report.notes)
