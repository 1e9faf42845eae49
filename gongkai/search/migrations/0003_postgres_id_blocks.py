"""PostgreSQL: every tsvector also holds its document's id blocks (backends._BLOCKS), so a search
reads the newest slice of a common bigram's postings instead of all of them; the tsvector stays
in the row instead of the TOAST table; the GIN index writes straight into its tree (no pending
list for every search to scan). SQLite: nothing.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from gongkai.search.backends import tsvector_literal

    schema_editor.execute("ALTER INDEX search_document_vector_gin SET (fastupdate = off)")
    # Kept in the row (compressed if that pays): ranking and the phrase check read ~1,000 of them
    # per search, 25 times slower through the TOAST table (a 3 kB tsvector went there).
    schema_editor.execute("ALTER TABLE search_searchdocument ALTER COLUMN search_vector SET STORAGE MAIN")
    SearchDocument = apps.get_model("search", "SearchDocument")
    last = 0
    with schema_editor.connection.cursor() as cursor:
        while batch := list(SearchDocument.objects.filter(pk__gt=last).order_by("pk")[:500]):
            cursor.executemany(
                "UPDATE search_searchdocument SET search_vector = %s::tsvector WHERE id = %s",
                [(tsvector_literal(doc), doc.pk) for doc in batch],
            )
            last = batch[-1].pk


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER INDEX search_document_vector_gin SET (fastupdate = on)")
        schema_editor.execute("ALTER TABLE search_searchdocument ALTER COLUMN search_vector SET STORAGE EXTENDED")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_token_index")]

    operations = [migrations.RunPython(forwards, backwards)]
