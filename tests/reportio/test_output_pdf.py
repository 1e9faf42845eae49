"""The WeasyPrint PDF: A4, a CJK font embedded, Chinese glyphs (not boxes) on the page, and a
clear Chinese error when no CJK font is installed."""

from __future__ import annotations

import subprocess

import pypdfium2 as pdfium
import pytest

from gongkai.reportio.output import RenderError, pdf_file, render
from tests.reportio.test_output_samples import need, page_pixels, pdf_text, sample_report


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    paths = {}
    for name, agency in (("a", "甲乙丙丁戊局"), ("b", "山水田林湖局")):
        paths[name] = out / f"{name}.pdf"
        paths[name].write_bytes(render(sample_report(agency), "pdf"))
    return paths


def test_pages_are_a4_and_the_text_comes_back(pdfs):
    doc = pdfium.PdfDocument(str(pdfs["a"]))
    width, height = doc[0].get_size()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    assert "甲乙丙丁戊局" in text and "三、收到和处理政府信息公开申请情况" in text.replace("\r", "")


def test_the_cjk_fonts_are_embedded(pdfs):
    listing = subprocess.run(
        [need("pdffonts"), str(pdfs["a"])], capture_output=True, text=True, check=True, timeout=60
    ).stdout.splitlines()[2:]
    gongkai = [line.split() for line in listing if "Gongkai" in line]
    assert gongkai, listing
    assert all(cols[-5] == "yes" for cols in gongkai)  # the 「emb」 column


def test_the_pdf_is_tagged_for_screen_readers(pdfs):
    info = subprocess.run(
        [need("pdfinfo"), str(pdfs["a"])], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert "Tagged:          yes" in info
    assert "甲乙丙丁戊局2023年政府信息公开工作年度报告" in info  # the document's title


def test_chinese_glyphs_not_boxes(pdfs):
    # .notdef boxes look alike for every character: two different names would give the same pixels
    assert "山水田林湖局" in pdf_text(pdfs["b"])
    assert page_pixels(pdfs["a"]) != page_pixels(pdfs["b"])


def test_without_a_cjk_font_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setattr(pdf_file, "KNOWN_FONTS", {"GongkaiSong": ("/nonexistent.ttf",), "GongkaiHei": ()})
    monkeypatch.setattr(pdf_file, "_fontconfig_cjk", lambda: [])
    pdf_file.cjk_fonts.cache_clear()
    try:
        with pytest.raises(RenderError, match="fonts-arphic-gbsn00lp"):
            render(sample_report(), "pdf")
    finally:
        pdf_file.cjk_fonts.cache_clear()
