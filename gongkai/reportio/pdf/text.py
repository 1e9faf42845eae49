"""Characters with boxes → text lines, the way pdfplumber's ``extract_text`` groups them.

Characters whose tops lie within Y_TOLERANCE of each other form a line (chained, as pdfplumber's
clustering does); within a line they read left to right, and a word ends at a space character, at
a gap wider than X_TOLERANCE or when the next character starts left of the last. Words that share a
line are joined with one space, so "2024 年" keeps its space and run-together digits stay apart.
The same function gives the page's lines and a table cell's text.
"""

from __future__ import annotations

from typing import NamedTuple

X_TOLERANCE = 3.0
Y_TOLERANCE = 3.0


class Char(NamedTuple):
    """One printed character, in points from the page's top-left corner."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str


def cluster(values: list[float], tolerance: float) -> dict[float, int]:
    """Each value → the index of its cluster; sorted values closer than ``tolerance`` chain together."""
    ids: dict[float, int] = {}
    last: float | None = None
    n = -1
    for v in sorted(set(values)):
        if last is None or v > last + tolerance:
            n += 1
        ids[v] = n
        last = v
    return ids


def _words(line: list[Char]) -> list[tuple[float, str]]:
    """(top, text) of each word of one line, left to right."""
    words: list[tuple[float, str]] = []
    cur: list[Char] = []
    for ch in sorted(line, key=lambda c: c.x0):
        if ch.text.isspace():
            if cur:
                words.append((min(c.top for c in cur), "".join(c.text for c in cur)))
            cur = []
            continue
        if cur:
            prev = cur[-1]
            if ch.x0 < prev.x0 or ch.x0 > prev.x1 + X_TOLERANCE or abs(ch.top - prev.top) > Y_TOLERANCE:
                words.append((min(c.top for c in cur), "".join(c.text for c in cur)))
                cur = []
        cur.append(ch)
    if cur:
        words.append((min(c.top for c in cur), "".join(c.text for c in cur)))
    return words


def text_lines(chars: list[Char]) -> list[str]:
    """The text of ``chars`` as lines, top to bottom."""
    if not chars:
        return []
    ids = cluster([c.top for c in chars], Y_TOLERANCE)
    lines: dict[int, list[Char]] = {}
    for c in chars:
        lines.setdefault(ids[c.top], []).append(c)
    words = [w for k in sorted(lines) for w in _words(lines[k])]
    # Words are regrouped by their own tops (as pdfplumber does), which joins a line whose
    # characters were split by a slightly raised or lowered glyph.
    wid = cluster([top for top, _ in words], Y_TOLERANCE)
    out: dict[int, list[str]] = {}
    for top, text in words:
        out.setdefault(wid[top], []).append(text)
    return [" ".join(out[k]) for k in sorted(out)]


def chars_to_text(chars: list[Char]) -> str:
    return "\n".join(text_lines(chars))
