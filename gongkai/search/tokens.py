"""The tokeniser shared by index and query: overlapping CJK bigrams, Latin/digit runs as words.

What Lucene's CJKAnalyzer does, done in Python so that SQLite FTS5 (``unicode61`` over the
space-separated tokens) and PostgreSQL (a ``tsvector`` built from the same tokens) index exactly
the same thing and no segmenter is needed. Every character that is not a letter or digit is a
separator, so 〔〕[]【】﹝﹞, slashes and hyphens in 文号 and 索引号 are treated alike on both sides.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

# Han (with extensions and compatibility ideographs), 〇, kana and Hangul: written without spaces.
_CJK = "\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
_TOKEN_RE = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>(?:(?![{_CJK}])[^\W_])+)")


_PLAIN_RUN = re.compile("[0-9a-z\u3400-\u4dbf\u4e00-\u9fff]+")


@functools.lru_cache(maxsize=4096)
def _alnum_of(ch: str) -> str:
    """The letters and digits that one character normalises to (「１」 → 1, 「，」 → nothing)."""
    return "".join(c for c in normalise(ch) if c.isalnum())


def normalise(text: str) -> str:
    """NFKC (full-width → half-width, ﹝ → 〔, ① → 1) and lower-case."""
    return unicodedata.normalize("NFKC", text or "").lower()


@dataclass(frozen=True)
class Token:
    text: str
    # A CJK run of one character: a unigram, which in the index only stands for a lone character.
    lone_cjk: bool = False


def tokens(text: str) -> list[Token]:
    """The tokens of ``text`` in order: bigrams of each CJK run (a lone character stays), words.

    A CJK run beside a Latin/digit word (whatever separates them) also gives the character that
    touches the word as a unigram: 「12号文件」 → 12 号 号文 文件, 「闽政办〔2024〕」 → 闽政 政办 办 2024.
    So 「12号」 and 「办2024」 are phrases of the index too, and a 文号 is found inside running text.
    """
    out: list[Token] = []
    runs = [(m.group("cjk"), m.group("word")) for m in _TOKEN_RE.finditer(normalise(text))]
    for i, (run, word) in enumerate(runs):
        if run is None:
            out.append(Token(word))
        elif len(run) == 1:
            out.append(Token(run, lone_cjk=True))
        else:
            if i > 0 and runs[i - 1][1] is not None:
                out.append(Token(run[0], lone_cjk=True))
            out.extend(Token(run[j : j + 2]) for j in range(len(run) - 1))
            if i + 1 < len(runs) and runs[i + 1][1] is not None:
                out.append(Token(run[-1], lone_cjk=True))
    return out


def index_text(text: str) -> str:
    """The space-separated token text that FTS5's ``unicode61`` splits back into the same tokens."""
    return " ".join(t.text for t in tokens(text))


@dataclass(frozen=True)
class Phrase:
    """One whitespace-separated term of a query: its tokens must appear consecutively."""

    words: tuple[str, ...]
    # A term of one CJK character (「市」) matches any bigram it begins, as 市 in 市容.
    prefix_last: bool
    skeleton: str  # the term's letters and digits, normalised, for highlighting


def parse_query(query: str) -> list[Phrase]:
    """Whitespace separates terms (all must match); within a term the tokens form a phrase."""
    phrases = []
    for term in (query or "").split():
        toks = tokens(term)
        if toks:
            phrases.append(
                Phrase(
                    words=tuple(t.text for t in toks),
                    prefix_last=len(toks) == 1 and toks[0].lone_cjk,
                    skeleton=skeleton(term)[0],
                )
            )
    return phrases


def skeleton(text: str) -> tuple[str, list[int]]:
    """The normalised letters and digits of ``text`` and, for each, its index in ``text``.

    Highlighting finds a term's skeleton in a field's skeleton and maps the span back, so
    「闽政办[2024]12号」 marks 「闽政办〔2024〕12号」 in the original text.
    """
    text = text or ""
    chars: list[str] = []
    where: list[int] = []
    at = 0
    # Runs of ideographs, ASCII digits and small letters are their own NFKC and lower case: taken
    # whole. Only the characters between them (punctuation, mostly) go one by one through NFKC,
    # cached per character: uncached, ~1 µs each, too slow for every character of a long body.
    for m in _PLAIN_RUN.finditer(text):
        start, end = m.span()
        for i in range(at, start):
            for c in _alnum_of(text[i]):
                chars.append(c)
                where.append(i)
        chars.append(m.group())
        where.extend(range(start, end))
        at = end
    for i in range(at, len(text)):
        for c in _alnum_of(text[i]):
            chars.append(c)
            where.append(i)
    return "".join(chars), where
