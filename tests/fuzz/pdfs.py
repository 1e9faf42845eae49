"""Small PDFs written by hand, whole and broken: the structure a hostile PDF plays with (xref,
object counts, page trees, streams) is plain text here, so each case breaks exactly one thing."""

from __future__ import annotations

import zlib

from tests.fuzz.bombs import zeros_deflated

# Enough ASCII text on a page to pass the reader's "has a text layer" test (50 characters).
LINES = [
    "2023 Annual Report on Government Information Disclosure",
    "Table 3  1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20",
    "Total 100 200 300 400 500 600 700 800 900",
]


def content(lines: list[str] = LINES) -> bytes:
    ops = [b"BT /F1 10 Tf 50 780 Td 14 TL"]
    ops += [b"(" + line.encode("latin-1") + b") Tj T*" for line in lines]
    ops.append(b"ET 50 500 m 550 500 l S 50 480 m 550 480 l S 300 520 m 300 460 l S")
    return b"\n".join(ops)


def stream(body: bytes, extra: bytes = b"", declared: int | None = None) -> bytes:
    length = len(body) if declared is None else declared
    return b"<</Length %d%s>>stream\n%s\nendstream" % (length, extra, body)


def document(objects: list[bytes], root: int = 1, *, xref: bool = True, trailer_extra: bytes = b"") -> bytes:
    """A PDF of ``objects`` (object i+1 is objects[i]) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<</Size %d/Root %d 0 R%s>>\n" % (len(objects) + 1, root, trailer_extra)
    out += b"startxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


def page_objects(body: bytes, *, pages: bytes | None = None, resources: bytes | None = None) -> list[bytes]:
    """Catalog, page tree, one page, its content, a font: objects 1–5."""
    return [
        b"<</Type/Catalog/Pages 2 0 R>>",
        pages or b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources "
        + (resources or b"<</Font<</F1 5 0 R>>>>")
        + b">>",
        body,
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]


def good() -> bytes:
    return document(page_objects(stream(content())))


def truncated(fraction: float) -> bytes:
    data = good()
    return data[: max(9, int(len(data) * fraction))]


def broken_xref() -> bytes:
    """Every offset in the table points nowhere."""
    data = good()
    head, _, rest = data.partition(b"xref\n")
    return head + b"xref\n" + rest.replace(b" 00000 n", b" 00000 n").replace(b"00000", b"99999", 3)


def no_xref() -> bytes:
    return document(page_objects(stream(content())), xref=False)


def huge_counts() -> bytes:
    """A page tree that claims 2^31 pages and a trailer that claims 2^31 objects."""
    objects = page_objects(stream(content()), pages=b"<</Type/Pages/Kids[3 0 R]/Count 2147483647>>")
    return document(objects, trailer_extra=b"/Prev 999999999").replace(b"/Size 6", b"/Size 2147483647")


def huge_object_numbers() -> bytes:
    data = good()
    return data.replace(b"5 0 R", b"2147483646 0 R").replace(b"xref\n0 6", b"xref\n0 99999999")


def looping_page_tree() -> bytes:
    """The page tree's kids include the tree itself."""
    return document(page_objects(stream(content()), pages=b"<</Type/Pages/Kids[2 0 R 3 0 R 2 0 R]/Count 3>>"))


def many_pages(n: int = 200) -> bytes:
    kids = b" ".join(b"3 0 R" for _ in range(n))
    return document(page_objects(stream(content()), pages=b"<</Type/Pages/Kids[%s]/Count %d>>" % (kids, n)))


def deep_arrays(depth: int = 100_000) -> bytes:
    objects = page_objects(stream(content()))
    objects.append(b"[" * depth + b"]" * depth)
    return document(objects)


def stream_bomb(mb: int = 1000) -> bytes:
    """A page content stream of ``mb`` MB of zeros, deflated to about 1/1000."""
    body = b"\x78\x9c" + zeros_deflated(mb)  # FlateDecode is zlib: a header before the raw stream
    return document(page_objects(stream(body, b"/Filter/FlateDecode")))


def dense_text(ops: int = 200_000) -> bytes:
    """One page with far more drawn characters than any report page."""
    body = b"BT /F1 1 Tf " + b"(0123456789) Tj 0 1 Td " * ops + b"ET"
    return document(page_objects(stream(body)))


def dense_paths(ops: int = 300_000) -> bytes:
    body = b"".join(b"%d 10 m %d 800 l " % (i % 590, i % 590) for i in range(ops)) + b"S"
    return document(page_objects(stream(content() + b"\n" + body)))


def recursive_form() -> bytes:
    """A form XObject that draws itself."""
    objects = page_objects(
        stream(content() + b"\n/X1 Do"),
        resources=b"<</Font<</F1 5 0 R>>/XObject<</X1 6 0 R>>>>",
    )
    objects.append(
        stream(
            b"/X1 Do 0 0 m 10 10 l S",
            b"/Type/XObject/Subtype/Form/BBox[0 0 595 842]/Resources<</XObject<</X1 6 0 R>>>>",
        )
    )
    return document(objects)


def repeated_contents(times: int = 300, compressed: bool = False) -> bytes:
    """One page whose /Contents array names the same 1 MB text stream ``times`` times
    (compressed: the stream deflated, the file a few kilobytes)."""
    body = b"BT /F1 1 Tf " + b"(0123456789) Tj 0 1 Td " * 40_000 + b"ET"
    body_object = stream(zlib.compress(body, 9), b"/Filter/FlateDecode") if compressed else stream(body)
    objects = page_objects(body_object)
    objects[2] = objects[2].replace(b"/Contents 4 0 R", b"/Contents [" + b"4 0 R " * times + b"]")
    return document(objects)


def wrong_stream_length() -> bytes:
    return document(page_objects(stream(content(), declared=999_999_999)))


def encrypted() -> bytes:
    return document(page_objects(stream(content())), trailer_extra=b"/Encrypt<</Filter/Standard/V 9/R 9>>")


CASES = {
    "good": good,
    "truncated-quarter": lambda: truncated(0.25),
    "truncated-half": lambda: truncated(0.5),
    "truncated-before-eof": lambda: truncated(0.97),
    "broken-xref": broken_xref,
    "no-xref": no_xref,
    "huge-counts": huge_counts,
    "huge-object-numbers": huge_object_numbers,
    "looping-page-tree": looping_page_tree,
    "many-pages": many_pages,
    "deep-arrays": deep_arrays,
    "stream-bomb": stream_bomb,
    "dense-text": dense_text,
    "dense-paths": dense_paths,
    "recursive-form": recursive_form,
    "repeated-contents": lambda: repeated_contents(300, compressed=True),
    "wrong-stream-length": wrong_stream_length,
    "encrypted": encrypted,
}
