"""Attachments are judged by their content; PDF and DOCX text is kept for search."""

from __future__ import annotations

import io
import zipfile

import pypdfium2 as pdfium
import pytest
from django.core.exceptions import ValidationError

from gongkai.catalog import actions as act
from gongkai.catalog import files


def docx(text: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "word/document.xml",
            '<w:document xmlns:w="w"><w:body>'
            f'<w:p><w:r><w:t>{text}</w:t></w:r><w:r><w:t xml:space="preserve">第二句</w:t></w:r></w:p>'
            "<w:p><w:r><w:t>A&amp;B</w:t></w:r></w:p></w:body></w:document>",
        )
    return buf.getvalue()


def ofd() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("OFD.xml", "<ofd:OFD/>")
    return buf.getvalue()


def pdf() -> bytes:
    doc = pdfium.PdfDocument.new()
    doc.new_page(200, 200)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20


def test_kinds_come_from_the_content_not_the_name() -> None:
    assert files.sniff(pdf()) == "pdf"
    assert files.sniff(docx("正文")) == "docx"
    assert files.sniff(ofd()) == "ofd"
    assert files.sniff(PNG) == "png"
    assert files.sniff(b"\xff\xd8\xff\xe0rest") == "jpg"
    assert files.sniff(b"GIF89a...") == "gif"
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("evil.exe", "MZ")
    assert files.sniff(zipped.getvalue()) is None
    assert files.sniff(b"MZ\x90\x00 this is an exe named .pdf") is None
    with pytest.raises(ValidationError, match="20 MB"):
        files.check_upload("big.pdf", b"%PDF-" + b"0" * files.MAX_ATTACHMENT_BYTES)
    with pytest.raises(ValidationError, match="不是 PDF、DOCX、OFD"):
        files.check_upload("report.pdf", b"<html>not a pdf</html>")


def test_text_is_extracted_from_docx_and_pdf_only() -> None:
    assert files.extract_text("docx", docx("市容管理办法")) == "市容管理办法第二句\nA&B"
    assert files.extract_text("pdf", pdf()) == ""  # a blank page has no text, and no error
    assert files.extract_text("pdf", b"%PDF-broken") == ""
    assert files.extract_text("ofd", ofd()) == "" and files.extract_text("png", PNG) == ""


def test_attachments_on_drafts_only(people) -> None:
    item = people.draft(body="")
    with pytest.raises(ValidationError, match="正文或上传附件"):
        act.SubmitForReview(people.clerk, item).execute()
    act.AddAttachment(people.clerk, item, name="办法.docx", data=docx("市容管理办法")).execute()
    attachment = item.attachments.get()
    assert (attachment.kind, attachment.text.splitlines()[0]) == ("docx", "市容管理办法第二句")
    assert attachment.file.read().startswith(b"PK")
    with pytest.raises(ValidationError, match="不是 PDF"):
        act.AddAttachment(people.clerk, item, name="x.pdf", data=b"not really").execute()
    item = act.SubmitForReview(people.clerk, item).execute()
    with pytest.raises(ValidationError, match="审查中"):
        act.AddAttachment(people.clerk, item, name="p.png", data=PNG).execute()


def test_published_attachment_text_is_found_by_search_until_withdrawn(people) -> None:
    from gongkai.search import search

    item = people.draft(body="", title="关于印发管理办法的通知")
    act.AddAttachment(people.clerk, item, name="办法.docx", data=docx("市容管理办法")).execute()
    item = people.approve(act.SubmitForReview(people.clerk, item).execute())
    assert search("市容").total == 0  # nothing is indexed before publication
    item = act.Publish(people.clerk, item, on=item.written_on).execute()
    hits = search("市容").results
    assert [h.document.key for h in hits] == [str(item.pk)]
    assert hits[0].document.index_number == item.index_number
    assert search(item.index_number).total == 1
    act.Withdraw(people.clerk, item, reason="误发").execute()
    assert search("市容").total == 0
