"""Highlighted titles and snippets: escaped source text with only our own <mark> tags."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .tokens import Phrase, skeleton

SNIPPET_CHARS = 120
_LEAD = 30  # characters shown before the first match


def spans(text: str, phrases: Sequence[Phrase]) -> list[tuple[int, int]]:
    """Merged [start, end) spans of ``text`` where a query term occurs, brackets and width ignored."""
    skel, where = skeleton(text)
    found = []
    for phrase in phrases:
        needle = phrase.skeleton
        if not needle:
            continue
        start = skel.find(needle)
        while start >= 0:
            found.append((where[start], where[start + len(needle) - 1] + 1))
            start = skel.find(needle, start + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _marked(text: str, marks: list[tuple[int, int]], lo: int, hi: int) -> str:
    out, at = [], lo
    for start, end in marks:
        start, end = max(start, lo), min(end, hi)
        if start >= end:
            continue
        out += [escape(text[at:start]), "<mark>", escape(text[start:end]), "</mark>"]
        at = end
    out.append(escape(text[at:hi]))
    return "".join(out)


def highlight(text: str, phrases: Sequence[Phrase]) -> SafeString:
    text = text or ""
    return mark_safe(_marked(text, spans(text, phrases), 0, len(text)))


def snippet(texts: Sequence[str], phrases: Sequence[Phrase], width: int = SNIPPET_CHARS) -> SafeString:
    """A window of the first of ``texts`` that contains a term, centred near the first match."""
    texts = [" ".join((t or "").split()) for t in texts]  # collapse the source's line breaks
    for text in texts:
        marks = spans(text, phrases)
        if marks:
            lo = max(0, marks[0][0] - _LEAD)
            hi = min(len(text), lo + width)
            lo = max(0, min(lo, hi - width))
            body = _marked(text, marks, lo, hi)
            return mark_safe(("…" if lo else "") + body + ("…" if hi < len(text) else ""))
    first = next((t for t in texts if t), "")
    return mark_safe(escape(first[:width]) + ("…" if len(first) > width else ""))
