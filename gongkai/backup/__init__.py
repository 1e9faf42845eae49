"""Backup and restore of a whole gongkai system (``gongkai backup`` / ``gongkai restore``).

An archive is one ``.tar.gz`` (created 0600: it holds applicants' personal data) with

- ``database/gongkai.sqlite3`` or ``database/gongkai.pgdump``: the database, as the database
  itself copies it;
- ``media/…``: every uploaded file under ``MEDIA_ROOT``;
- ``manifest.json`` (last): format version, time, gongkai version, database vendor, the applied
  migrations of every app, the fingerprint of the personal-data key, and every other member's
  path, size and SHA-256.

Why the database's own copy and not Django's ``dumpdata``/``loaddata``:

- consistency while the system runs: SQLite's online backup API (``Connection.backup``) and
  ``pg_dump`` both read one snapshot; ``dumpdata`` reads table after table, so a case saved in
  between can leave a history row without its case or the reverse;
- ``dumpdata`` goes through the models, so the applicants' ID numbers and phones
  (``EncryptedTextField``) would be written *decrypted* into the archive; a native copy keeps the
  ciphertext and the archive is only as readable as the key is;
- it keeps what is not a model: the full-text index (SQLite FTS5 tables, PostgreSQL ``tsvector``
  columns), ``django_migrations``, sequences' positions (``loaddata`` resets PostgreSQL sequences
  to ``max(id)``, and SQLite's ``sqlite_sequence`` is lost, so deleted ids would be handed out
  again), and it is much faster on large systems.

The price is that an archive restores only into the same database vendor; moving a system
between SQLite and PostgreSQL is a migration, not a restore, and ``restore`` refuses it.

Restoring never works on the live system until everything is in place: the archive is extracted
into a staging directory under ``VAR_DIR`` and every checksum checked, the database is rebuilt
beside the live one (a staged SQLite file / a staged PostgreSQL database) and migrated if the
archive is older than the code, and only then swapped in by renames, with a journal that a rerun
of ``restore`` completes after a crash. What was there before is kept beside it (``*.before-restore-*``).

The personal-data key (``GONGKAI_DATA_KEY`` or ``var/data_key``) is never in the archive; the
manifest records only a fingerprint, and ``restore`` refuses when the key here is different.
"""


class BackupError(Exception):
    """A backup or restore that cannot be done; the message (Chinese) says why and what to do."""
