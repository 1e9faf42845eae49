"""The token index beside search_searchdocument, in each database's own full-text machinery.

SQLite: an FTS5 table (rowid = document id) over the space-separated bigram text, emptied by a
trigger when a document row goes (remove_document, an agency's cascade, a test flush).
PostgreSQL: a tsvector column on the document row with a GIN index.
"""

from django.db import migrations

SQLITE_UP = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, document_number, index_number, summary, body, attachment_text,
        tokenize = 'unicode61 remove_diacritics 0'
    )""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        DELETE FROM search_fts WHERE rowid = old.id;
    END""",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS search_fts_delete", "DROP TABLE IF EXISTS search_fts"]

POSTGRES_UP = [
    "ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector NOT NULL DEFAULT ''",
    "CREATE INDEX search_document_vector_gin ON search_searchdocument USING gin (search_vector)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS search_document_vector_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
