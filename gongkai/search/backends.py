"""The token index in each database: one interface, an FTS5 and a PostgreSQL implementation.

Both index the same tokens (:mod:`gongkai.search.tokens`) and match a query's terms as phrases
of consecutive tokens, so 「报年」 finds nothing in 「年报」 text, on either database.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date

from django.db import connection

from .tokens import Phrase, tokens

# Indexed fields, in the FTS5 table's column order; each with its weight in the ranking.
FIELDS = ("title", "document_number", "index_number", "summary", "body", "attachment_text")
# SQLite: the field groups that add their weight to the score of a match holding a phrase there.
_SQLITE_FIELD_GROUPS = ((10.0, "title"), (6.0, "document_number index_number"), (3.0, "summary"))
_PG_WEIGHTS = ("A", "B", "B", "C", "D", "D")
# PostgreSQL keeps positions up to 16383 and at most 256 of them per lexeme.
_PG_MAX_POS = 16383
_PG_MAX_POSITIONS = 256

# When a query matches more than CAP documents (a common 2-character word over a million records),
# only the newest CAP matches are ranked and counted: the first page stays fast and its total
# reads 「1000 条以上」. Fewer matches are ranked and counted in full.
CAP = 1000

# Bumped whenever what write() stores for a document changes (the bench's cached databases follow it).
INDEX_VERSION = {"sqlite": 1, "postgresql": 3}

Filters = tuple[list[str], list]  # SQL conditions on alias d, and their parameters
Hits = list[tuple[int, float]]  # (document id, score), best first


class Backend:
    def write(self, cursor, docs: Iterable) -> None:
        """(Re)write the index entries of these saved SearchDocument rows."""
        raise NotImplementedError

    def clear(self, cursor) -> None:
        raise NotImplementedError

    def search(self, cursor, phrases: Sequence[Phrase], filters: Filters, limit: int, offset: int):
        """The page's (id, score) pairs, best first, and the number of matches (CAP + 1: more)."""
        raise NotImplementedError


def field_tokens(doc) -> list[list[str]]:
    """The tokens of each of the document's FIELDS."""
    return [[t.text for t in tokens(getattr(doc, f))] for f in FIELDS]


def fts_values(doc_id: int, tokens_by_field: Sequence[Sequence[str]]) -> tuple:
    """The FTS5 row (rowid, one token text per field) of a document."""
    return (doc_id, *(" ".join(toks) for toks in tokens_by_field))


class SQLiteBackend(Backend):
    def write(self, cursor, docs):
        rows = [fts_values(doc.pk, field_tokens(doc)) for doc in docs]
        cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(r[0],) for r in rows])
        cursor.executemany(
            f"INSERT INTO search_fts (rowid, {', '.join(FIELDS)}) VALUES (%s{', %s' * len(FIELDS)})", rows
        )

    def clear(self, cursor):
        cursor.execute("DELETE FROM search_fts")

    @staticmethod
    def match_expression(phrases: Sequence[Phrase]) -> str:
        # Tokens hold only letters and digits, so quoting them needs no escaping.
        return " AND ".join(f'"{" ".join(p.words)}"' + ("*" if p.prefix_last else "") for p in phrases)

    def search(self, cursor, phrases, filters, limit, offset):
        where, params = filters
        match = self.match_expression(phrases)
        if where:
            base = "FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid WHERE "
        else:
            base = "FROM search_fts WHERE "
        base += "search_fts MATCH %s" + "".join(f" AND {w}" for w in where)
        # FTS5 walks its matches newest-first by rowid and stops at CAP + 1.
        cursor.execute(
            f"SELECT search_fts.rowid {base} ORDER BY search_fts.rowid DESC LIMIT %s",
            [match, *params, max(CAP, offset + limit) + 1],
        )
        found = [row[0] for row in cursor.fetchall()]
        if not found:
            return [], 0
        ids = found[: max(CAP, offset + limit)]  # the one more only tells that there are more
        scores = dict.fromkeys(ids, 0.0)
        # Not bm25(): on every call it counts all the documents holding each phrase (its IDF), a
        # phrase query over the whole index (2 s for a common phrase in a million documents).
        # Instead each phrase scores the weight of each field group holding it, found by one query
        # per group over the window of matches; the body counts alike for every match.
        for phrase in phrases:
            for weight, columns in _SQLITE_FIELD_GROUPS:
                cursor.execute(
                    "SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid >= %s",
                    [f"{{{columns}}} : {self.match_expression([phrase])}", ids[-1]],
                )
                for (rowid,) in cursor.fetchall():
                    if rowid in scores:
                        scores[rowid] += weight
        cursor.execute(
            "SELECT id, published_on FROM search_searchdocument WHERE id IN (SELECT value FROM json_each(%s))",
            [json.dumps(ids)],
        )
        published = dict(cursor.fetchall())
        # Best first; among equals the latest published, then the newest indexed.
        ranked = sorted(ids, key=lambda i: (-scores[i], -_ordinal(published.get(i)), -i))
        return [(i, scores[i] + 1) for i in ranked[offset : offset + limit]], len(found)


def _ordinal(day) -> int:
    """A date (or SQLite's ISO text of one) as a number; None sorts last."""
    if day is None:
        return -1
    if isinstance(day, str):
        day = date.fromisoformat(day)
    return day.toordinal()


def _pg_quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


# PostgreSQL: each document's tsvector also holds, without positions, the id blocks it falls in
# at four sizes (1,024, 8,192, 65,536 and 524,288 ids): 「~a977」 is ids 1,000,448–1,001,471.
# A query ANDed with the blocks of an id range is answered by GIN's fast scan over those few
# thousand documents instead of every document holding a common bigram. Tokens hold only
# letters and digits, so no query term can be a block lexeme.
_BLOCKS = (("a", 10), ("b", 13), ("c", 16), ("d", 19))


def tsvector_literal(doc) -> str:
    """The document's tsvector, built from our tokens (no parser involved), fields weighted."""
    return tsvector_from_tokens(doc.pk, field_tokens(doc))


def tsvector_from_tokens(doc_id: int, tokens_by_field: Sequence[Sequence[str]]) -> str:
    positions: dict[str, list] = {}
    pos = 1
    for toks, weight in zip(tokens_by_field, _PG_WEIGHTS, strict=True):
        # A gap before each field, so that no phrase runs from one field into the next.
        first, pos = pos + 1, pos + 1 + len(toks)
        suffix = "" if weight == "D" else weight  # D is the default weight
        for p, token in enumerate(toks, first):
            slot = f"{min(p, _PG_MAX_POS)}{suffix}" if suffix or p > _PG_MAX_POS else p
            slots = positions.get(token)
            if slots is None:
                positions[token] = [slot]
            elif len(slots) < _PG_MAX_POSITIONS:
                slots.append(slot)
    parts = [f"{_pg_quote(lex)}:{','.join(map(str, slots))}" for lex, slots in positions.items()]
    parts += [f"~{name}{doc_id >> bits}" for name, bits in _BLOCKS]
    return " ".join(parts)


def _block_lexemes(lo: int, hi: int) -> list[str]:
    """The fewest block lexemes covering ids [lo, hi), both multiples of the smallest block."""
    out = []
    while hi > lo:
        for name, bits in reversed(_BLOCKS):
            size = 1 << bits
            if hi % size == 0 and hi - size >= lo:
                hi -= size
                out.append(f"~{name}{hi >> bits}")
                break
    return out


def tsquery_literal(phrases: Sequence[Phrase]) -> str:
    parts = []
    for p in phrases:
        words = [_pg_quote(w) for w in p.words]
        if p.prefix_last:
            words[-1] += ":*"
        parts.append("(" + " <-> ".join(words) + ")")
    return " & ".join(parts)


class PostgresBackend(Backend):
    # The first slice of ids searched, newest first; then slices sized by the matches seen so far,
    # with a margin, at most GROWTH times the ids searched so far.
    FIRST_SLICE = 4 << _BLOCKS[0][1]
    MARGIN = 1.2
    GROWTH = 32

    def write(self, cursor, docs):
        cursor.executemany(
            "UPDATE search_searchdocument SET search_vector = %s::tsvector WHERE id = %s",
            [(tsvector_literal(doc), doc.pk) for doc in docs],
        )

    def clear(self, cursor):
        cursor.execute("UPDATE search_searchdocument SET search_vector = ''")

    def newest(self, cursor, query: str, filters: Filters, want: int) -> list[tuple[int, float, int]]:
        """The newest ``want`` matches as (id, ts_rank, published day ordinal), slice by slice of ids
        from the newest.

        Each slice's query is the phrases ANDed with the slice's block lexemes, so GIN's fast scan
        reads only the slice's part of a common bigram's postings and the heap only its matches.
        The rank is computed on the row the slice already read: a second pass over the matches
        would fetch every row and its tsvector again.
        """
        where, params = filters
        conditions = "".join(f" AND {w}" for w in where)
        cursor.execute("SELECT max(id) FROM search_searchdocument")
        top = cursor.fetchone()[0]
        if top is None:
            return []
        unit = 1 << _BLOCKS[0][1]
        hi = (top // unit + 1) * unit
        size, found = self.FIRST_SLICE, []
        while hi > 0 and len(found) < want:
            lo = max(0, hi - size)
            blocks = " | ".join(_block_lexemes(lo, hi))
            cursor.execute(
                "SELECT d.id, ts_rank(d.search_vector, %s::tsquery), d.published_on "
                "FROM search_searchdocument d WHERE d.search_vector @@ %s::tsquery"
                f"{conditions} ORDER BY d.id DESC LIMIT %s",
                [query, f"({query}) & ({blocks})", *params, want - len(found)],
            )
            found += [(pk, float(score), _ordinal(day)) for pk, score, day in cursor.fetchall()]
            # Size the next slice for the matches still wanted at the density seen so far.
            searched = (top // unit + 1) * unit - lo
            wanted = (want - len(found)) * searched * self.MARGIN / max(len(found), 1)
            size = max(unit, int(min(wanted, self.GROWTH * searched)) // unit * unit)
            hi = lo
        return found

    def search(self, cursor, phrases, filters, limit, offset):
        query = tsquery_literal(phrases)
        found = self.newest(cursor, query, filters, max(CAP, offset + limit) + 1)
        if not found:
            return [], 0
        window = found[: max(CAP, offset + limit)]  # the one more only tells that there are more
        # Best first; among equals the latest published, then the newest indexed.
        window.sort(key=lambda hit: (-hit[1], -hit[2], -hit[0]))
        return [(pk, score) for pk, score, _ in window[offset : offset + limit]], len(found)


_BACKENDS = {"sqlite": SQLiteBackend, "postgresql": PostgresBackend}


def get_backend() -> Backend:
    try:
        return _BACKENDS[connection.vendor]()
    except KeyError:
        raise NotImplementedError(f"全文检索不支持数据库 {connection.vendor}") from None
