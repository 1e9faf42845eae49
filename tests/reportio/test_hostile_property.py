"""Property: whatever bytes a fixture report is mutated into (byte flips, truncation, overlong digit
runs, in the file or inside a DOCX's document.xml), reading and validating it raises nothing but
the project's own UnreadableReport, and the contract's JSON stays finite."""

from __future__ import annotations

import functools
import io
import json
import zipfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.reportio import UnreadableReport
from gongkai.reportio.checking import CheckResult
from gongkai.reportio.contract import dumps, to_json
from tests.reportio.test_hostile import read_and_validate

SOURCES = (
    "009_jinjiang_xzfwzx_2022/report.txt",
    "013_pingtan_2021/page.txt",
    "010_pingtan_2024/page.html",
    "000_template_docx/report.docx",
    "001_huaian_2024/report.pdf",
)
DIGITS = st.sampled_from(["9", "0", "٣", "９", "²", "①"])
CHARS = st.sampled_from(list('0123456789/—无空 \t\n<>"=;表合计总'))


@st.composite
def mutations(draw):
    """(source, edits, where): edits apply to the file's text (its bytes for a PDF), or to the
    XML of a DOCX's word/document.xml, or to the raw bytes of any file."""
    source = draw(st.sampled_from(SOURCES))
    edits = draw(
        st.lists(
            st.one_of(
                st.tuples(st.just("flip"), st.floats(0, 1), CHARS),
                st.tuples(st.just("truncate"), st.floats(0.3, 1), st.just("")),
                st.tuples(st.just("digits"), st.floats(0, 1), st.tuples(DIGITS, st.integers(1, 6000))),
            ),
            min_size=1,
            max_size=4,
        )
    )
    return source, edits, draw(st.sampled_from(["text", "text", "text", "bytes"]))


def _apply(text: str, edits) -> str:
    for kind, where, arg in edits:
        pos = int(where * (len(text) - 1)) if text else 0
        if kind == "flip":
            text = text[:pos] + arg + text[pos + 1 :]
        elif kind == "truncate":
            text = text[: max(1, int(where * len(text)))]
        else:
            ch, n = arg
            text = text[:pos] + ch * n + text[pos:]
    return text


def _apply_to_bytes(data: bytes, edits) -> bytes:
    """Edits on the bytes themselves: each non-ASCII byte is one (surrogate) character."""
    return _apply(data.decode("ascii", "surrogateescape"), edits).encode("utf-8", "surrogateescape")


def _apply_to_text(data: bytes, edits) -> bytes:
    return _apply(data.decode("utf-8", "surrogateescape"), edits).encode("utf-8", "surrogateescape")


def _apply_to_document_xml(data: bytes, edits) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            dst.writestr(
                info.filename, _apply_to_text(body, edits) if info.filename == "word/document.xml" else body
            )
    return out.getvalue()


def mutate(name: str, data: bytes, edits, where: str) -> bytes:
    if where == "bytes" or name.endswith(".pdf"):
        return _apply_to_bytes(data, edits)
    if name.endswith(".docx"):
        return _apply_to_document_xml(data, edits)
    return _apply_to_text(data, edits)


@functools.cache
def _original(fixtures: Path, source: str) -> bytes:
    return (fixtures / "reports" / source).read_bytes()


@settings(max_examples=60, deadline=None)
@given(mutation=mutations())
def test_mutated_fixtures_raise_only_unreadable_report(fixtures_dir, mutation) -> None:
    source, edits, where = mutation
    name = source.split("/")[-1]
    data = mutate(name, _original(fixtures_dir, source), edits, where)
    try:
        report, findings = read_and_validate(data, name)
    except UnreadableReport:
        return
    text = dumps(to_json(CheckResult(name, report, findings)))  # allow_nan=False: raises on Infinity/NaN
    json.loads(text)
