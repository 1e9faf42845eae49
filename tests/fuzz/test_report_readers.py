"""Fuzzing the report readers (issue 11, item 6): random bytes, text in the shapes of a report,
byte mutations of every real fixture and of built reports, DOCX zip bombs, broken PDFs. Each
input must read or be refused with a Chinese UnreadableReport, within 5 s (tests/fuzz/harness).

Bounded for ``make test`` and repeatable: derandomized, no example database. The long run is
bench/bench_fuzz.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import bombs, pdfs
from tests.fuzz.harness import assert_contract
from tests.fuzz.inputs import NAMES, amplified, built_reports, fixture_files, report_shaped
from tests.fuzz.mutations import apply, apply_inside_zip, edits

CORPUS = Path(__file__).parent / "corpus"


def fuzz(max_examples: int):
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@fuzz(150)
@given(st.binary(max_size=4096), st.sampled_from(NAMES))
def test_random_bytes(data, name) -> None:
    assert_contract(data, name)


@fuzz(60)
@given(
    st.sampled_from([b"%PDF-1.7\n", b"PK\x03\x04", b"\xef\xbb\xbf<html>", b"<table>"]),
    st.binary(max_size=4096),
)
def test_random_bytes_behind_each_format_s_magic(magic, rest) -> None:
    assert_contract(magic + rest, "r")


@fuzz(150)
@given(report_shaped())
def test_text_in_the_shape_of_a_report(case) -> None:
    data, name = case
    assert_contract(data, name)


@fuzz(15)
@given(amplified)
def test_text_in_the_shape_of_a_report_grown_to_megabytes(case) -> None:
    data, name = case
    assert_contract(data, name)


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
@fuzz(20)
@given(mutation=edits())
def test_mutated_fixture(path, mutation) -> None:
    assert_contract(apply(path.read_bytes(), mutation), path.name)


BUILT = built_reports()


@pytest.mark.parametrize("name,data", BUILT, ids=[n for n, _ in BUILT])
@fuzz(20)
@given(mutation=edits())
def test_mutated_built_report(name, data, mutation) -> None:
    assert_contract(apply(data, mutation), name)


DOCX = [(n, d) for n, d in BUILT if n.endswith(".docx")] + [
    (p.name, p.read_bytes()) for p in fixture_files() if p.suffix == ".docx" and "reports" in p.parts
]


@pytest.mark.parametrize("name,data", DOCX, ids=[n for n, _ in DOCX])
@fuzz(25)
@given(mutation=edits())
def test_mutated_docx_body(name, data, mutation) -> None:
    """Mutations inside word/document.xml, the archive kept valid so they reach the XML reader."""
    assert_contract(apply_inside_zip(data, mutation), name)


@pytest.mark.parametrize("bomb", list(bombs.BOMBS))
def test_docx_zip_bomb_is_refused(bomb) -> None:
    outcome = assert_contract(bombs.BOMBS[bomb](), "r.docx")
    assert outcome.kind == "unreadable"


@pytest.mark.parametrize("case", list(pdfs.CASES))
def test_broken_pdf(case, short_pdf_limit) -> None:
    outcome = assert_contract(pdfs.CASES[case](), "r.pdf")
    assert outcome.kind == "unreadable"  # none of them holds a report


@fuzz(60)
@given(mutation=edits(max_size=6))
def test_mutated_hand_built_pdf(mutation) -> None:
    """The hand-built PDF is uncompressed, so every byte mutation hits PDF syntax itself."""
    assert_contract(apply(pdfs.good(), mutation), "r.pdf")


@pytest.mark.parametrize("path", sorted(p for p in CORPUS.iterdir() if "--" in p.name), ids=lambda p: p.name)
def test_corpus_of_past_crashers(path, short_pdf_limit) -> None:
    """Each minimized input that once crashed or hung a reader (corpus/README.md says which bug)."""
    assert_contract(path.read_bytes(), path.name.split("--")[-1])
