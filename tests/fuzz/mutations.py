"""Byte-level mutation of real files: truncation, byte flips, chunk duplication and deletion,
insertion of tokens that matter to one of the readers.

A mutation is a list of plain tuples, positions given as fractions of the current length, so the
same list applies to a file of any size; hypothesis draws them (``edits()``) and shrinks them,
the bench draws them from a seeded ``random.Random`` (``random_edits``).
"""

from __future__ import annotations

import io
import random
import zipfile

from hypothesis import strategies as st

# Bytes and tokens that steer a reader somewhere: PDF syntax, zip and XML structure, encodings,
# the headings and cell words of a report, digits of other scripts.
TOKENS = (
    b"\x00",
    b"\xff" * 7,
    b"\xef\xbb\xbf",
    b"\xfe\xff",
    b"%PDF-1.7\n",
    b"%%EOF",
    b"xref\n0 99999999\n",
    b"trailer<</Size 2147483647/Root 1 0 R>>",
    b" 0 R",
    b"<<",
    b">>",
    b"[[[[[[[[",
    b"stream\n",
    b"endstream",
    b"obj",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"<table>",
    b"<td rowspan=99999 colspan=9999>",
    b"</tr>",
    b"<!DOCTYPE x [<!ENTITY a '&#x41;'>]>",
    b"&a;&a;&a;",
    b'<w:gridSpan w:val="999999999"/>',
    "表三".encode(),
    "三、依申请公开政府信息情况".encode(),
    "四、政府信息公开行政复议、行政诉讼情况".encode(),
    "合计\t".encode(),
    "９９９９９".encode(),
    "①②".encode(),
    b"1" * 120,
    b"-0.5e308",
    b"\r\n\r\n",
    b"\t\t\t",
    "年".encode("gb18030"),
)
OPS = ("truncate", "flip", "duplicate", "delete", "insert")


def edits(max_size: int = 4) -> st.SearchStrategy[list[tuple]]:
    where = st.floats(0, 1)
    length = st.integers(1, 4096)
    return st.lists(
        st.one_of(
            st.tuples(st.just("truncate"), where),
            st.tuples(st.just("flip"), where, st.integers(1, 255)),
            st.tuples(st.just("duplicate"), where, length, where),
            st.tuples(st.just("delete"), where, length),
            st.tuples(st.just("insert"), where, st.sampled_from(TOKENS)),
        ),
        min_size=1,
        max_size=max_size,
    )


def random_edits(rng: random.Random, max_size: int = 4) -> list[tuple]:
    out: list[tuple] = []
    for _ in range(rng.randint(1, max_size)):
        op = rng.choice(OPS)
        if op == "truncate":
            out.append((op, rng.random()))
        elif op == "flip":
            out.append((op, rng.random(), rng.randint(1, 255)))
        elif op == "duplicate":
            out.append((op, rng.random(), rng.randint(1, 4096), rng.random()))
        elif op == "delete":
            out.append((op, rng.random(), rng.randint(1, 4096)))
        else:
            out.append((op, rng.random(), rng.choice(TOKENS)))
    return out


def apply(data: bytes, mutation: list[tuple]) -> bytes:
    buf = bytearray(data)
    for op, where, *args in mutation:
        pos = int(where * len(buf))
        if op == "truncate":
            del buf[pos:]
        elif op == "flip" and buf:
            buf[min(pos, len(buf) - 1)] ^= args[0]
        elif op == "duplicate":
            chunk = bytes(buf[pos : pos + args[0]])
            to = int(args[1] * len(buf))
            buf[to:to] = chunk
        elif op == "delete":
            del buf[pos : pos + args[0]]
        elif op == "insert":
            buf[pos:pos] = args[0]
    return bytes(buf)


def apply_inside_zip(data: bytes, mutation: list[tuple], member: str = "word/document.xml") -> bytes:
    """The mutation applied to one member of a zip (a DOCX's body), the archive rebuilt valid —
    so the mutation reaches the XML reader instead of stopping at the zip's checksum."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            dst.writestr(info.filename, apply(body, mutation) if info.filename == member else body)
    return out.getvalue()
