"""Chinese full-text search (政府信息网上查询) over overlapping CJK bigrams, on SQLite and PostgreSQL.

The catalog and other apps call ``index_document``, ``remove_document``, ``search`` and
``rebuild_index`` from here; see :mod:`gongkai.search.api`.
"""

_API = {"index_document", "remove_document", "search", "rebuild_index", "register_source", "SearchPage"}


def __getattr__(name):
    # Imported lazily: the API needs the models, which need the app registry ready.
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(name)
