"""Where fuzz inputs come from: the real fixtures, reports written by the builders, and text in
the shapes of a report (headings, table rows with random numbers, in the encodings reports use).
Shared by the tests and bench/bench_fuzz.py."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import strategies as st

from gongkai.law.formats import FORMATS, SECTIONS, TABLE3_COLUMNS, TABLE3_NOTE, TABLE4_OUTCOMES
from tests.conftest import FIXTURES
from tests.reportio import builders as b

SUFFIXES = (".txt", ".html", ".docx", ".pdf")
NAMES = ("r.txt", "r.html", "r.htm", "r.docx", "r.pdf", "r", "r.doc", "r.zip", "报告.TXT")
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "big5")
SEPARATORS = ("\t", " ", "  ", "\u3000", "|", "，", "\t\t", "")


def fixture_files() -> list[Path]:
    """The real reports and the hostile minimal files of ../shared/fixtures; [] without them."""
    found = sorted(FIXTURES.glob("reports/*/*")) + sorted(FIXTURES.glob("hostile/*"))
    return [p for p in found if p.suffix in SUFFIXES and p.name != "source.txt"]


def built_reports() -> list[tuple[str, bytes]]:
    """Reports in each format written by tests/reportio/builders: seeds that need no fixtures."""
    spec, big = b.make_spec(3), b.make_spec(4, big=True)
    return [
        ("built.txt", b.to_tab_text(spec).encode("gb18030")),
        ("built-flat.txt", b.to_flat_text(spec).encode("utf-8")),
        ("built.html", b.to_html(spec, "gbk")),
        ("built.docx", b.to_docx(big)),
    ]


# --- text in the shape of a report ----------------------------------------------------------------
def _labels() -> list[str]:
    out = [f"{s.number}、{s.title}" for s in SECTIONS] + [TABLE3_NOTE, "合计", "总计", "申请人情况"]
    for fmt in FORMATS.values():
        out += [row.label for row in fmt.table3_rows]
        out += [row for item in fmt.table2 for row in item.rows]
        out += [item.article_item for item in fmt.table2]
    return out + list(TABLE3_COLUMNS) + list(TABLE4_OUTCOMES)


LABELS = _labels()
CELLS = ("/", "—", "-", "无", "", "0", "0.5", "1,234", "１２", "①", "²", "1e5", "NaN", "∞", "一百", "12万元")
numbers = st.one_of(
    st.integers(-10, 10_000).map(str),
    st.integers(10**15, 10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(CELLS),
)
line = st.one_of(
    st.sampled_from(LABELS),
    st.tuples(st.sampled_from(LABELS), st.lists(numbers, max_size=16)).map(lambda t: [t[0], *t[1]]),
    st.lists(numbers, min_size=1, max_size=16),
    st.text(max_size=80),
)


@st.composite
def report_shaped(draw) -> tuple[bytes, str]:
    """(bytes, name): a title, then headings, table rows and prose in any order, joined by one
    separator, as TXT or as an HTML table, in one of the encodings reports come in."""
    sep = draw(st.sampled_from(SEPARATORS))
    rows = [f"某某局{draw(st.integers(1900, 2100))}年政府信息公开工作年度报告"]
    rows += [item if isinstance(item, str) else sep.join(item) for item in draw(st.lists(line, max_size=80))]
    encoding = draw(st.sampled_from(ENCODINGS))
    if draw(st.booleans()):
        return ("\n".join(rows)).encode(encoding, "replace"), draw(st.sampled_from(("r.txt", "r")))
    cells = "".join(f"<tr><td>{'</td><td>'.join(r.split(sep) if sep else [r])}</td></tr>" for r in rows)
    page = f'<html><head><meta charset="{encoding}"></head><body><table>{cells}</table></body></html>'
    return page.encode(encoding, "replace"), "r.html"


def _random_number(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.6:
        return str(rng.randint(-10, 10_000))
    if pick < 0.7:
        return str(rng.randint(10**15, 10**40))
    if pick < 0.8:
        return repr(rng.uniform(-1e300, 1e300))
    return rng.choice(CELLS)


def random_report_shaped(rng: random.Random) -> tuple[bytes, str]:
    """The shapes of report_shaped from a seeded generator (the bench runs without hypothesis)."""
    sep = rng.choice(SEPARATORS)
    rows = [f"某某局{rng.randint(1900, 2100)}年政府信息公开工作年度报告"]
    for _ in range(rng.randint(0, 120)):
        kind = rng.random()
        if kind < 0.3:
            rows.append(rng.choice(LABELS))
        elif kind < 0.8:
            rows.append(
                sep.join([rng.choice(LABELS)] + [_random_number(rng) for _ in range(rng.randint(0, 16))])
            )
        elif kind < 0.9:
            rows.append(sep.join(_random_number(rng) for _ in range(rng.randint(1, 16))))
        else:
            rows.append("".join(chr(rng.randint(1, 0x9FFF)) for _ in range(rng.randint(0, 80))))
    encoding = rng.choice(ENCODINGS)
    if rng.random() < 0.5:
        return "\n".join(rows).encode(encoding, "replace"), "r.txt"
    cells = "".join(f"<tr><td>{'</td><td>'.join(r.split(sep) if sep else [r])}</td></tr>" for r in rows)
    page = f'<html><head><meta charset="{encoding}"></head><body><table>{cells}</table></body></html>'
    return page.encode(encoding, "replace"), "r.html"


AMPLIFIED_MAX_BYTES = 4_500_000  # under the readers' 5 MB limit for text: the caps after it must hold


def amplify(data: bytes, times: int) -> bytes:
    """``data`` repeated up to ``times`` times, at most AMPLIFIED_MAX_BYTES: a report-shaped text
    grown to megabytes, where work that is fine on a real report could take minutes."""
    return data * max(1, min(times, AMPLIFIED_MAX_BYTES // max(1, len(data))))


amplified = st.tuples(report_shaped(), st.integers(10, 100_000)).map(
    lambda t: (amplify(t[0][0], t[1]), t[0][1])
)


def random_amplified(rng: random.Random) -> tuple[bytes, str]:
    data, name = random_report_shaped(rng)
    return amplify(data, rng.randint(10, 100_000)), name
