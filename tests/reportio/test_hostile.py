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


# --- the hostile fixtures (../shared/fixtures/hostile) and their classes ------------------------
HOSTILE = (
    "min_api500_table2_cell_slash.txt",
    "min_docx_core_properties_wrong_content_type.docx",
    "min_docx_gridbefore_300000000_memory_bomb.docx",
    "min_docx_gridbefore_circled_one.docx",
    "min_docx_gridspan_superscript_two.docx",
    "min_docx_zip_version_needed_9_9.docx",
    "min_html_colspan_bomb_60x10.html",
    "min_html_meta_charset_undefined.html",
    "min_json_infinity_amount_400_digits.txt",
    "min_txt_table3_cells_4300_digits.txt",
    "min_txt_table_cell_5000_digits.txt",
)
BUDGET_S = 2.0


def test_every_hostile_fixture_is_covered(fixtures_dir) -> None:
    assert {p.name for p in (fixtures_dir / "hostile").glob("min_*")} == set(HOSTILE)


def read_and_validate(data: bytes, name: str):
    """What the check service does with a file, without its catch-all: only UnreadableReport may
    leave this."""
    from gongkai.law.validation import validate
    from gongkai.reportio import read_with_document

    _, report = read_with_document(data, name)
    return report, validate(report, own_report=False)


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_fixture_from_the_command_line(fixtures_dir, capsys, name) -> None:
    """Exit 1 (findings) or 2 (无法读取) with Chinese output, no traceback, within the budget;
    the JSON holds no Infinity or NaN."""
    import json

    from gongkai.cli import main

    path = fixtures_dir / "hostile" / name
    t0 = time.perf_counter()
    status = main(["check", str(path)])
    elapsed = time.perf_counter() - t0
    out = capsys.readouterr()
    assert elapsed < BUDGET_S, elapsed
    assert status in (1, 2)
    assert "Traceback" not in out.out + out.err
    assert "无法读取" in out.out if status == 2 else "错误" in out.out
    assert main(["check", "--json", str(path)]) == status
    text = capsys.readouterr().out
    assert "Infinity" not in text and "NaN" not in text
    json.loads(text, parse_constant=lambda c: pytest.fail(f"JSON holds {c}"))


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_fixture_raises_only_unreadable_report(fixtures_dir, name) -> None:
    data = (fixtures_dir / "hostile" / name).read_bytes()
    try:
        read_and_validate(data, name)
    except UnreadableReport as e:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(e))


# --- DOCX grid attributes and packaging ----------------------------------------------------------
def _rewrite_docx(data: bytes, member: str, change, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", method) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            dst.writestr(info.filename, change(body.decode()).encode() if info.filename == member else body)
    return out.getvalue()


def _grid_attribute(before: str | None = None, span: str | None = None) -> bytes:
    """A generated report whose every table row has gridBefore=before and whose merged cells have
    gridSpan=span, as printed in the XML."""
    import re

    def change(xml: str) -> str:
        if before is not None:
            xml = re.sub(
                r"<w:tr(?=[ >])([^>]*)>", rf'<w:tr\1><w:trPr><w:gridBefore w:val="{before}"/></w:trPr>', xml
            )
        if span is not None:
            xml = re.sub(r'<w:gridSpan w:val="\d+"/>', f'<w:gridSpan w:val="{span}"/>', xml)
        return xml

    return _rewrite_docx(b.to_docx(b.make_spec(1)), "word/document.xml", change)


@pytest.mark.parametrize(
    ("before", "span"),
    [
        ("①", None),
        ("²", None),
        ("٣", None),  # Arabic-Indic three: int() reads it, Word does not
        ("300000000", None),
        ("9" * 5000, None),
        (None, "²"),
        (None, "①"),
        (None, "99999999999"),
        (None, "-3"),
    ],
)
def test_docx_grid_attributes_are_ascii_digits_and_capped(before, span) -> None:
    data = _grid_attribute(before, span)
    t0 = time.perf_counter()
    try:
        read_and_validate(data, "r.docx")
    except UnreadableReport:
        pass
    assert time.perf_counter() - t0 < BUDGET_S


def test_docx_with_unicode_grid_digits_still_reads_its_tables() -> None:
    """「①」 is no number: the attribute is ignored and the tables read as printed."""
    spec = b.make_spec(2)
    data = _rewrite_docx(
        b.to_docx(spec),
        "word/document.xml",
        lambda xml: xml.replace('<w:gridSpan w:val="', '<w:gridSpan w:val="²', 1),
    )
    report, _ = read_and_validate(data, "r.docx")
    assert report.table3.rows["一"] == spec.table3["一"]


def test_docx_table_of_too_many_cells_is_refused() -> None:
    rows = "".join("<w:tr>" + "<w:tc><w:p/></w:tc>" * 500 + "</w:tr>" for _ in range(500))

    def change(xml: str) -> str:
        return xml.replace("<w:body>", f"<w:body><w:tbl>{rows}</w:tbl>", 1)

    data = _rewrite_docx(b.to_docx(b.make_spec(1)), "word/document.xml", change, zipfile.ZIP_STORED)
    with pytest.raises(UnreadableReport, match="单元格"):
        read_report(data, "r.docx")


def test_docx_core_properties_of_any_content_type_lose_only_the_title() -> None:
    spec = b.make_spec(3)
    data = _rewrite_docx(
        b.to_docx(spec),
        "[Content_Types].xml",
        lambda xml: xml.replace(
            "application/vnd.openxmlformats-package.core-properties+xml", "application/xml"
        ),
    )
    report, _ = read_and_validate(data, "r.docx")
    assert report.table4.cells == spec.table4


def test_docx_with_damaged_core_properties_still_reads() -> None:
    spec = b.make_spec(3)
    data = _rewrite_docx(b.to_docx(spec), "docProps/core.xml", lambda xml: xml[: len(xml) // 2])
    report, _ = read_and_validate(data, "r.docx")
    assert report.table4.cells == spec.table4


@pytest.mark.parametrize("version", [b"\x63\x00", b"\xff\xff"])
def test_zip_version_beyond_python_is_unreadable(version) -> None:
    data = bytearray(b.to_docx(b.make_spec(1)))
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:  # every central directory entry: "version needed to extract" at offset 6
        data[pos + 6 : pos + 8] = version
        pos = data.find(b"PK\x01\x02", pos + 4)
    with pytest.raises(UnreadableReport, match="zip"):
        read_report(bytes(data), "r.docx")


def test_docx_with_broken_document_xml_is_unreadable() -> None:
    data = _rewrite_docx(b.to_docx(b.make_spec(1)), "word/document.xml", lambda xml: xml[:-200])
    with pytest.raises(UnreadableReport, match="DOCX"):
        read_report(data, "r.docx")


def test_docx_entities_are_not_expanded() -> None:
    """A billion-laughs DTD in document.xml: refused or read without expanding it."""
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
        + "".join(
            f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + "]>"
    )
    data = _rewrite_docx(
        b.to_docx(b.make_spec(1)),
        "word/document.xml",
        lambda xml: laughs + xml.split("?>", 1)[1].replace("<w:t>", "<w:t>&i;", 1),
    )
    t0 = time.perf_counter()
    with pytest.raises(UnreadableReport):
        read_and_validate(data, "r.docx")
    assert time.perf_counter() - t0 < BUDGET_S


# --- HTML spans and charsets ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "cell",
    [
        '<td colspan="1000" rowspan="1000">1</td>' * 10,
        '<td colspan="65534">1</td>' * 10,
        '<td rowspan="99999999999999999999">1</td>' * 10,
        '<td colspan="1000">1</td><td rowspan="1000">2</td>' * 5,
    ],
)
def test_html_span_bombs_are_refused_fast(cell) -> None:
    page = "<html><body><table>" + f"<tr>{cell}</tr>" * 200 + "</table></body></html>"
    t0 = time.perf_counter()
    with pytest.raises(UnreadableReport, match="单元格"):
        read_report(page.encode(), "p.html")
    assert time.perf_counter() - t0 < BUDGET_S


def test_html_spans_read_only_ascii_digits() -> None:
    spec = b.make_spec(4)
    page = b.to_html(spec).replace(b'colspan="', 'colspan="²'.encode())
    report, _ = read_and_validate(page, "p.html")
    assert report.year == spec.year


@pytest.mark.parametrize("charset", ["undefined", "rot13", "base64", "hex", "utf-7", "x-unknown-charset"])
def test_html_declaring_a_codec_python_refuses_falls_back_to_detection(charset) -> None:
    spec = b.make_spec(5)
    page = b.to_html(spec).replace(b'charset="utf-8"', f'charset="{charset}"'.encode())
    page = page.replace(b"charset=utf-8", f"charset={charset}".encode())
    report, _ = read_and_validate(page, "p.html")
    assert report.table3.rows["一"] == spec.table3["一"]


# --- digit runs and amounts beyond range ----------------------------------------------------------
@pytest.mark.parametrize(
    "digits", ["9" * 16, "9" * 400, "9" * 5000, "1," * 3000 + "1", "٣" * 5000, "９" * 5000]
)
@pytest.mark.parametrize("where", ["table3", "table2", "money", "narrative"])
def test_overlong_numbers_are_unreadable_cells_with_a_finding(digits, where) -> None:
    import json

    from gongkai.reportio import contract
    from gongkai.reportio.checking import check_bytes

    spec = b.make_spec(6)
    if where == "table3":
        spec.table3["一"] = [digits, *spec.table3["一"][1:]]
    elif where == "table2":
        spec.table2["规章"] = [digits, *spec.table2["规章"][1:]]
    elif where == "money":
        spec.table2["行政事业性收费"] = [digits]
    text = b.to_tab_text(spec)
    if where == "narrative":
        text = text.replace("一、总体情况", f"一、总体情况\n本年度收到申请{digits}件，占比{digits}%。", 1)
    t0 = time.perf_counter()
    result = check_bytes(text.encode(), "r.txt")
    assert time.perf_counter() - t0 < BUDGET_S
    assert result.error is None
    data = json.loads(contract.dumps(contract.to_json(result)))
    numbers = [v for row in data["table3"]["rows"].values() for v in row if v is not None]
    numbers += [v for row in data["table2"].values() for v in row.values() if isinstance(v, int)]
    assert all(v < 10**15 for v in numbers)
    money = data["table2"]["行政事业性收费"]["本年收费金额（单位：万元）"]
    assert money is None or len(money) <= 24
    if where != "narrative" and len(digits) > 15:
        assert any(f.rule == "PARSE" and f.severity == "E" for f in result.findings)


def test_a_cell_of_16_digits_is_marked_unreadable_and_named() -> None:
    from gongkai.reportio.checking import check_bytes

    spec = b.make_spec(7)
    spec.table3["一"] = ["1234567890123456", *spec.table3["一"][1:]]
    result = check_bytes(b.to_tab_text(spec).encode(), "r.txt")
    assert result.report.is_unreadable("3", "一", 0)
    assert result.report.table3.rows["一"][0] is None
    assert any("16 位" in f.message and "表三 一" in f.where for f in result.findings)
