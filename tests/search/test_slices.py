"""PostgreSQL finds the newest matches slice by slice of ids (id-block lexemes); any database must
give the same answers whatever the slices."""

from datetime import date

import pytest

from gongkai.search import backends, index_document, search


def test_block_lexemes_cover_exactly_the_range():
    unit = 1 << backends._BLOCKS[0][1]
    for lo, hi in [(0, unit), (3 * unit, 12 * unit), (unit, 700 * unit), (0, 1100 * unit)]:
        covered = set()
        for lexeme in backends._block_lexemes(lo, hi):
            bits = dict(backends._BLOCKS)[lexeme[1]]
            first = int(lexeme[2:]) << bits
            block = set(range(first, first + (1 << bits)))
            assert not covered & block
            covered |= block
        assert covered == set(range(lo, hi))


@pytest.mark.django_db
def test_small_slices_find_the_same_newest_matches(agencies, monkeypatch):
    # Blocks of 2, 4, 8 and 16 ids and a first slice of 2, so that 60 documents take many slices.
    monkeypatch.setattr(backends, "_BLOCKS", (("a", 1), ("b", 2), ("c", 3), ("d", 4)))
    monkeypatch.setattr(backends.PostgresBackend, "FIRST_SLICE", 2)
    monkeypatch.setattr(backends, "CAP", 5)
    root = agencies[0]
    keys = {}
    for n in range(60):
        rare = n % 13 == 0
        doc = index_document(
            "demo", n, agency=root, title=f"第{n}号通知",
            body="城市管理工作。" + ("行政许可事项。" if rare else ""), published_on=date(2024, 1, 1),
        )  # fmt: skip
        keys[doc.pk] = str(n)
    newest = [keys[pk] for pk in sorted(keys, reverse=True)]

    page = search("城市管理", per_page=5)
    assert (page.total, page.total_exact) == (5, False)
    assert {h.document.key for h in page.results} == set(newest[:5])

    rare = search("行政许可", per_page=5)
    assert (rare.total, rare.total_exact) == (5, True)
    assert {h.document.key for h in rare.results} == {"0", "13", "26", "39", "52"}
    assert search("许可行政").total == 0
