"""``gongkai reindex``: rebuild the full-text search index (政府信息网上查询) from the records.

Needed after restoring a database from a dump that lacks the index, or after a change of the
tokeniser; the index is otherwise kept current as records are published and withdrawn.
"""

from __future__ import annotations

from gongkai.cli import setup_django


def register(subparsers) -> None:
    parser = subparsers.add_parser("reindex", help="重建全文检索索引")
    parser.set_defaults(func=run)


def run(args) -> int:
    setup_django()
    from gongkai.search import rebuild_index

    count = rebuild_index()
    print(f"已重建全文检索索引：{count} 篇。")
    return 0
