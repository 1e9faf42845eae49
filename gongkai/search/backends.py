"""The token index in each database: one interface, an FTS5 and a PostgreSQL implementation.

Both index the same tokens (:mod:`gongkai.search.tokens`) and match a query's terms as phrases
of consecutive tokens, so 「报年」 finds nothing in 「年报」 text, on either database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection

from .tokens import Phrase, index_text, tokens

# Indexed fields, in the FTS5 table's column order; each with its weight in the ranking.
FIELDS = ("title", "document_number", "index_number", "summary", "body", "attachment_text")
_BM25_WEIGHTS = (10.0, 6.0, 6.0, 3.0, 1.0, 1.0)
_PG_WEIGHTS = ("A", "B", "B", "C", "D", "D")
# PostgreSQL keeps positions up to 16383 and at most 256 of them per lexeme.
_PG_MAX_POS = 16383
_PG_MAX_POSITIONS = 256

# When a query matches more than CAP documents (a common 2-character word over a million records),
# only the newest CAP matches are ranked and counted: the first page stays fast and its total
# reads 「1000 条以上」. Fewer matches are ranked and counted in full.
CAP = 1000

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


class SQLiteBackend(Backend):
    def write(self, cursor, docs):
        rows = [(doc.pk, *(index_text(getattr(doc, f)) for f in FIELDS)) for doc in docs]
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
        sql_where = "search_fts MATCH %s" + "".join(f" AND {w}" for w in where)
        base = f"FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid WHERE {sql_where}"
        match = self.match_expression(phrases)
        # FTS5 walks its matches newest-first by rowid and stops: how many, and the oldest of them.
        cursor.execute(
            f"SELECT count(*), min(r) FROM (SELECT search_fts.rowid AS r {base} "
            "ORDER BY search_fts.rowid DESC LIMIT %s)",
            [match, *params, max(CAP, offset + limit) + 1],
        )
        total, oldest = cursor.fetchone()
        if not total:
            return [], 0
        weights = ", ".join(str(w) for w in _BM25_WEIGHTS)
        cursor.execute(
            f"SELECT d.id, bm25(search_fts, {weights}) AS score {base} AND search_fts.rowid >= %s "
            "ORDER BY score, d.published_on DESC NULLS LAST, d.id DESC LIMIT %s OFFSET %s",
            [match, *params, oldest, limit, offset],
        )
        # bm25 is smaller for better matches; report larger-is-better like ts_rank.
        return [(row[0], -row[1]) for row in cursor.fetchall()], total


def _pg_quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(doc) -> str:
    """The document's tsvector, built from our tokens (no parser involved), fields weighted."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for field, weight in zip(FIELDS, _PG_WEIGHTS, strict=True):
        pos += 1  # a gap, so that no phrase runs from one field into the next
        for token in tokens(getattr(doc, field)):
            pos += 1
            slots = positions.setdefault(token.text, [])
            if len(slots) < _PG_MAX_POSITIONS:
                slots.append(f"{min(pos, _PG_MAX_POS)}{weight}")
    return " ".join(f"{_pg_quote(lex)}:{','.join(slots)}" for lex, slots in positions.items())


def tsquery_literal(phrases: Sequence[Phrase]) -> str:
    parts = []
    for p in phrases:
        words = [_pg_quote(w) for w in p.words]
        if p.prefix_last:
            words[-1] += ":*"
        parts.append("(" + " <-> ".join(words) + ")")
    return " & ".join(parts)


class PostgresBackend(Backend):
    def write(self, cursor, docs):
        cursor.executemany(
            "UPDATE search_searchdocument SET search_vector = %s::tsvector WHERE id = %s",
            [(tsvector_literal(doc), doc.pk) for doc in docs],
        )

    def clear(self, cursor):
        cursor.execute("UPDATE search_searchdocument SET search_vector = ''")

    def search(self, cursor, phrases, filters, limit, offset):
        where, params = filters
        query = tsquery_literal(phrases)
        base = "FROM search_searchdocument d WHERE d.search_vector @@ %s::tsquery" + "".join(
            f" AND {w}" for w in where
        )
        # Rank and count only the newest CAP + 1 matches. Their ids alone come out of the scan that
        # checks the phrase; ts_rank then reads just those rows' tsvectors (carrying the vector
        # through the scan and sort read each one again: 2.5 times slower).
        cursor.execute(
            f"WITH c AS (SELECT d.id {base} ORDER BY d.id DESC LIMIT %s) "
            "SELECT d.id, ts_rank(d.search_vector, %s::tsquery) AS score, count(*) OVER () "
            "FROM c JOIN search_searchdocument d ON d.id = c.id "
            "ORDER BY score DESC, d.published_on DESC NULLS LAST, d.id DESC LIMIT %s OFFSET %s",
            [query, *params, max(CAP, offset + limit) + 1, query, limit, offset],
        )
        rows = cursor.fetchall()
        if rows:
            return [(row[0], float(row[1])) for row in rows], rows[0][2]
        # A page past the end: the count alone.
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 {base} LIMIT %s) s", [query, *params, CAP + 1])
        return [], cursor.fetchone()[0]


_BACKENDS = {"sqlite": SQLiteBackend, "postgresql": PostgresBackend}


def get_backend() -> Backend:
    try:
        return _BACKENDS[connection.vendor]()
    except KeyError:
        raise NotImplementedError(f"全文检索不支持数据库 {connection.vendor}") from None
