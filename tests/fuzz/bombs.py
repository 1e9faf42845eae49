"""DOCX-shaped zip bombs, built in the test: each should be refused before it inflates."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

BODY = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:body></w:document>"
)


def zipped(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, body in members:
            z.writestr(name, body)
    return buf.getvalue()


def huge_member(mb: int = 100) -> bytes:
    """word/document.xml inflating to ``mb`` MB of one repeated byte (a few hundred KB zipped)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            chunk = b"<" * (1 << 20)
            for _ in range(mb):
                f.write(chunk)
    return buf.getvalue()


def compressible_body(mb: int = 30) -> bytes:
    """A well-formed document.xml of ``mb`` MB of text: under the size caps, far over the ratio."""
    return zipped([("word/document.xml", BODY % (b"\xe5\xb9\xb4" * (mb * 1024 * 1024 // 3)))])


def many_members(n: int = 20_000) -> bytes:
    return zipped([(f"word/media/{i}.xml", b"") for i in range(n)] + [("word/document.xml", BODY % b"x")])


def nested_paths(depth: int = 400) -> bytes:
    """Members under absurdly deep and hostile paths beside a small document."""
    deep = "/".join(["d"] * depth) + "/x.xml"
    return zipped(
        [
            (deep, b"x"),
            ("../../../etc/passwd", b"root"),
            ("/abs/word/document.xml", b"x"),
            ("word/document.xml", BODY % "二、主动公开政府信息情况".encode()),
        ]
    )


def many_small_bombs(n: int = 200, each_kb: int = 1000) -> bytes:
    """Many members each under the per-member cap, together far over the total cap."""
    body = b"\0" * (each_kb * 1024)
    return zipped([(f"word/part{i}.xml", body) for i in range(n)] + [("word/document.xml", BODY % b"x")])


def understated_size(real_mb: int = 64) -> bytes:
    """A member whose zip directory declares 100 bytes while its deflate stream holds ``real_mb``
    MB: a reader trusting the declared size would inflate it all."""
    stream = zeros_deflated(real_mb)
    crc = zlib.crc32(b"\0" * 100)
    name = b"word/document.xml"
    declared = 100
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(stream), declared, len(name), 0)
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50,
        20,
        20,
        0,
        8,
        0,
        0,
        crc,
        len(stream),
        declared,
        len(name),
        0,
        0,
        0,
        0,
        0,
        0,
    )
    body = local + name + stream
    directory = central + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(directory), len(body), 0)
    return body + directory + end


def zeros_deflated(mb: int) -> bytes:
    """A raw deflate stream of ``mb`` MB of zeros, quickly: once the window holds only zeros,
    each further megabyte (sync-flushed) compresses to the same bytes, so they are repeated."""
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    megabyte = b"\0" * (1024 * 1024)
    first = raw.compress(megabyte) + raw.flush(zlib.Z_SYNC_FLUSH)
    again = raw.compress(megabyte) + raw.flush(zlib.Z_SYNC_FLUSH)
    return first + again * (mb - 1) + raw.flush()


def entity_expansion() -> bytes:
    """The billion-laughs XML inside a small DOCX."""
    entities = b'<!ENTITY l0 "lol">' + b"".join(
        b'<!ENTITY l%d "%s">' % (i, (b"&l%d;" % (i - 1)) * 10) for i in range(1, 10)
    )
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE w:document [' + entities + b"]>"
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>"
    )
    return zipped([("word/document.xml", laughs)])


def deep_nesting(depth: int = 20_000) -> bytes:
    """Tables nested inside tables: a recursion bomb for a reader that walks the tree."""
    open_ = b"<w:tbl><w:tr><w:tc>" * depth
    close = b"</w:tc></w:tr></w:tbl>" * depth
    body = BODY.replace(b"<w:p><w:r><w:t>%s</w:t></w:r></w:p>", open_ + b"<w:p/>" + close)
    return zipped([("word/document.xml", body)])


BOMBS = {
    "huge-member": huge_member,
    "compressible-body": compressible_body,
    "many-members": many_members,
    "nested-paths": nested_paths,
    "many-small-bombs": many_small_bombs,
    "understated-size": understated_size,
    "entity-expansion": entity_expansion,
    "deep-nesting": deep_nesting,
}
