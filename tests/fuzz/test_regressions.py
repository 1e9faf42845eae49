"""Bugs the fuzzing found, each pinned by the input that showed it."""

from __future__ import annotations

import resource
import time

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
