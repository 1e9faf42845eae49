"""Letters: each kind as DOCX and PDF with its Chinese title and 文号, a reply body for every
outcome with its article and the applicant's remedies, agencies' own templates, downloads."""

from __future__ import annotations

import ctypes
import io
import re
from datetime import date
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_raw
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from gongkai.applications import actions as act
from gongkai.applications.letters import (
    OUTCOME_GROUPS,
    REPLY_BODIES,
    TITLES,
    build,
    fill_docx,
    render_docx,
    render_pdf,
)
from gongkai.applications.letters.agency_templates import DeleteLetterTemplate, SaveLetterTemplate
from gongkai.applications.letters.build_templates import KINDS
from gongkai.applications.letters.content import DENY_GROUNDS
from gongkai.applications.letters.render import cjk_fonts, package_template
from gongkai.applications.models import Letter, LetterTemplate
from gongkai.law.clock import Channel
from gongkai.law.fees import FeeMethod
from gongkai.law.outcomes import OUTCOME_BASIS, Outcome

from .conftest import APPLICANT

DOCS = Path(__file__).resolve().parents[2] / "docs" / "letters.md"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def register(people, **extra):
    return act.RegisterApplication(
        people.clerk,
        people.tree.a,
        {**APPLICANT, **extra},
        channel=Channel.IN_PERSON,
        arrived_on=date(2025, 9, 25),
    ).execute()


@pytest.fixture
def letters(people) -> dict[str, Letter]:
    """One letter of each kind, issued by the actions."""
    app = register(people)
    act.AcceptApplication(people.clerk, app).execute()
    act.RequestCorrection(
        people.clerk, app, on=date(2025, 9, 26), deadline=date(2025, 10, 17), matters="请写明文件的名称或文号"
    ).execute()
    act.ReceiveCorrection(people.clerk, app, on=date(2025, 10, 13), description="立项批复").execute()
    act.StartConsultation(
        people.clerk,
        app,
        on=date(2025, 10, 20),
        party="某建设有限公司",
        matters="所涉信息含有贵公司的投标报价。",
    ).execute()
    act.AnswerConsultation(people.clerk, app, on=date(2025, 10, 27), party="某建设有限公司").execute()
    act.ApproveExtension(
        people.office,
        app,
        on=date(2025, 11, 3),
        days=10,
        notified_on=date(2025, 11, 3),
        grounds="需要检索档案",
    ).execute()
    act.IssueFeeNotice(
        people.clerk, app, on=date(2025, 11, 4), method=FeeMethod.PAGES, quantity=100
    ).execute()
    act.RecordFeePaid(people.clerk, app, on=date(2025, 11, 5)).execute()
    act.DraftReply(
        people.clerk, app, outcome=Outcome.DENY_THIRD_PARTY, reasons="第三方不同意公开且理由合理。"
    ).execute()
    act.SignOffReply(people.section, app, approve=True).execute()
    act.IssueReply(people.clerk, app, on=date(2025, 11, 20)).execute()
    found = {letter.kind: letter for letter in app.letters.all()}
    assert set(found) == set(KINDS)
    return found


def docx_text(data: bytes) -> tuple[Document, str]:
    doc = Document(io.BytesIO(data))
    return doc, "\n".join(p.text for p in doc.paragraphs)


def pdf_fonts(data: bytes) -> set[tuple[str, bool]]:
    """(font name, embedded?) of every text object on the first page."""
    pdf = pypdfium2.PdfDocument(data)
    try:
        found = set()
        for obj in pdf[0].get_objects():
            if obj.type == pdfium_raw.FPDF_PAGEOBJ_TEXT:
                font = pdfium_raw.FPDFTextObj_GetFont(obj.raw)
                name = ctypes.create_string_buffer(256)
                pdfium_raw.FPDFFont_GetBaseFontName(font, name, 256)
                found.add((name.value.decode(), bool(pdfium_raw.FPDFFont_GetIsEmbedded(font))))
        return found
    finally:
        pdf.close()


def pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def test_each_kind_renders_as_docx_with_its_chinese_title_number_and_gb9704_fonts(letters) -> None:
    for kind, letter in letters.items():
        content = build(letter)
        assert letter.number, kind
        doc, text = docx_text(render_docx(letter))
        assert content.title in text and letter.number in text, kind
        assert "{{" not in text and "{%" not in text, kind
        title = next(p for p in doc.paragraphs if p.text == content.title)
        fonts = title.runs[0]._r.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == "方正小标宋简体"
        body = next(p for p in doc.paragraphs if p.text.startswith("本机关于"))
        assert body.runs[0]._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
        assert content["agency"] == "某县甲局" and "某县甲局" in text
        assert "2025年" in text


@pytest.mark.skipif(not cjk_fonts(), reason="本机没有中文字体（scripts/system-deps.sh）")
def test_each_kind_renders_as_pdf_whose_text_is_the_chinese_title_not_boxes(letters) -> None:
    for kind, letter in letters.items():
        data = render_pdf(letter)
        assert data.startswith(b"%PDF"), kind
        fonts = pdf_fonts(data)
        assert fonts and all(embedded for _, embedded in fonts), (kind, fonts)  # the CJK font travels along
        text = pdf_text(data)
        assert build(letter).title in text, (kind, text[:200])
        assert letter.number in text, kind
        assert "\ufffd" not in text and "□□" not in text


def test_letter_numbers_per_kind_and_year(letters) -> None:
    assert letters["reply"].number == "依申请公开答复〔2025〕1号"
    assert letters["correction"].number == "依申请公开答复〔2025〕1号-补告"
    assert letters["extension"].number.endswith("号-延告")
    assert letters["consultation"].number.endswith("号-意征")
    assert letters["fee"].number.endswith("号-费告")


def test_the_letters_say_what_the_2019_regulation_requires(letters) -> None:
    body = "\n".join(build(letters["correction"]).body)
    assert "第三十条" in body and "请写明文件的名称或文号" in body and "2025年10月17日" in body
    assert "视为放弃申请" in body
    body = "\n".join(build(letters["extension"]).body)
    assert "第三十三条第二款" in body and "延长10个工作日" in body and "需要检索档案" in body
    consultation = build(letters["consultation"])
    assert consultation["addressee"] == "某建设有限公司"
    body = "\n".join(consultation.body)
    assert "第三十二条" in body and "15个工作日" in body and "张三" not in body  # not who asked
    assert consultation["appendix_title"] == "征求意见回执"
    body = "\n".join(build(letters["fee"]).body)
    assert "第四十二条" in body and "700" in body and "20个工作日" in body and "第五条" in body
    reply = build(letters["reply"])
    body = "\n".join(reply.body)
    assert reply.title == "政府信息公开申请答复书" and reply["addressee"] == "张三"
    assert "2025年9月25日" in body and "立项批复" in body  # received date, what was asked
    assert "第十五条、第三十二条" in body and "第三方不同意公开且理由合理" in body
    assert "第二十三条第一款第（四）项" in body and "应当先申请行政复议" in body  # 复议前置
    assert "六十日" in body and "第四十五条" in body and "十五日" in body
    assert "某县人民政府" in body  # 行政复议机关: the county government of a county department
    assert reply["date"] == "2025年11月20日"


def _letter(people, outcome: Outcome, **context) -> Letter:
    app = register(people)
    return Letter(
        application=app,
        kind=Letter.Kind.REPLY,
        number="测试〔2025〕9号",
        issued_on=date(2025, 10, 9),
        context={"outcome": outcome.name, "reasons": "具体理由。", **context},
    )


def test_every_outcome_has_a_reply_body_citing_its_article_and_the_remedies(people) -> None:
    assert set(REPLY_BODIES) == set(Outcome) == set(OUTCOME_GROUPS)
    for outcome in Outcome:
        content = build(_letter(people, outcome))
        body = "\n".join(content.body)
        assert content["decision"], outcome
        basis = OUTCOME_BASIS[outcome]
        if basis:
            assert f"《中华人民共和国政府信息公开条例》{basis}" in body, outcome
        assert "第二十条" in body and "六十日" in body, outcome  # 行政复议法
        if outcome in DENY_GROUNDS or outcome is Outcome.PARTIAL:
            assert "第二十三条第一款第（四）项" in body, outcome
        else:
            assert "第四十六条" in body and "六个月" in body, outcome  # 行政诉讼法
            assert "第二十三条" not in body, outcome
        assert "具体理由。" in body and content["closing"] == "特此告知。"
        assert content["outcome_group"] == OUTCOME_GROUPS[outcome]


def test_reply_names_the_responsible_agency_and_the_earlier_reply(people) -> None:
    content = build(
        _letter(
            people, Outcome.NOT_OUR_DUTY, responsible_agency="某县乙局", responsible_contact="0595-1234567"
        )
    )
    assert "负责公开该政府信息的行政机关为某县乙局，联系方式：0595-1234567。" in content.body
    first = register(people)
    act.AnswerOnSpot(people.clerk, first, outcome=Outcome.GRANT, reasons="当场提供。").execute()
    again = register(people)
    act.AnswerOnSpot(people.clerk, again, outcome=Outcome.NOT_PROCESSED_REPEAT, reasons="已答复。").execute()
    reply = again.letters.get()
    first.refresh_from_db()
    assert reply.context["previous_reply_number"] == first.reply_number
    assert f"文号：{first.reply_number}" in "\n".join(build(reply).body)


def test_docs_list_every_placeholder(letters) -> None:
    documented = set(re.findall(r"\{\{\s*(\w+)", DOCS.read_text(encoding="utf-8")))
    for letter in letters.values():
        missing = set(build(letter).values) - documented
        assert not missing, f"docs/letters.md 缺少占位符：{sorted(missing)}"


def custom_template(text: str) -> bytes:
    doc = Document()
    for line in ("{{ title }}", "{{ number }}", text, "{{ agency }}"):
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_an_agency_uploads_its_own_template_after_a_trial_rendering(people, letters) -> None:
    good = custom_template("本机关自定义版式：{{ applicant }}，{{ received_date }}")
    with pytest.raises(PermissionDenied):
        SaveLetterTemplate(people.clerk, people.tree.a, "reply", good).execute()
    for bad, why in (
        (custom_template("{{ no_such_placeholder }}"), "no_such_placeholder"),
        (custom_template("{% for x in %}"), "占位符有误"),
        (custom_template("{{ title.__class__.__mro__[1].__subclasses__() }}"), "占位符有误"),
        (b"not a word file", "不是 Word"),
    ):
        with pytest.raises(ValidationError, match=why):
            SaveLetterTemplate(people.office, people.tree.a, "reply", bad).execute()
    assert not LetterTemplate.objects.exists()
    SaveLetterTemplate(people.office, people.tree.a, "reply", good, "我们的答复书.docx").execute()
    _, text = docx_text(render_docx(letters["reply"]))
    assert "本机关自定义版式：张三，2025年9月25日" in text and letters["reply"].number in text
    _, text = docx_text(render_docx(letters["correction"]))  # other kinds keep the system's
    assert "本机关自定义版式" not in text
    DeleteLetterTemplate(people.office, people.tree.a, "reply").execute()
    _, text = docx_text(render_docx(letters["reply"]))
    assert "本机关自定义版式" not in text


def test_text_with_markup_characters_is_escaped(people) -> None:
    letter = _letter(people, Outcome.GRANT, reasons="见附件 <1> & “2” 。")
    _, text = docx_text(fill_docx(package_template("reply").read_bytes(), build(letter)))
    assert "见附件 <1> & “2” 。" in text


def test_staff_download_asks_the_permission_layer(client, people, letters) -> None:
    reply = letters["reply"]
    url = reverse("applications_letters:staff_letter", args=[reply.pk, "docx"])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(people.other_clerk)
    assert client.get(url).status_code == 403
    client.force_login(people.clerk)
    response = client.get(url)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert TITLES["reply"] in docx_text(b"".join(response.streaming_content))[1]
    if cjk_fonts():
        pdf = client.get(reverse("applications_letters:staff_letter", args=[reply.pk, "pdf"]))
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_applicant_downloads_with_tracking_code_and_phone_digits(client, letters) -> None:
    reply = letters["reply"]
    code = reply.application.tracking_code
    url = reverse("applications_letters:public_letter", kwargs={"code": code, "pk": reply.pk, "fmt": "docx"})
    page = client.get(url)
    assert page.status_code == 200 and "联系电话的后四位" in page.content.decode()
    wrong = client.post(url, {"phone_tail": "0000"})
    assert "与申请时填写的联系电话不符" in wrong.content.decode()
    right = client.post(url, {"phone_tail": "1234"})
    assert right.status_code == 302
    response = client.get(url)
    assert response.status_code == 200 and reply.number in docx_text(b"".join(response.streaming_content))[1]
    # the letter to the consulted third party is not the applicant's
    consultation = letters["consultation"]
    other = reverse(
        "applications_letters:public_letter", kwargs={"code": code, "pk": consultation.pk, "fmt": "pdf"}
    )
    assert client.get(other).status_code == 404
    bad_code = reverse(
        "applications_letters:public_letter", kwargs={"code": "ZZZZ", "pk": reply.pk, "fmt": "pdf"}
    )
    assert client.get(bad_code).status_code == 404


def test_guessing_the_phone_digits_is_limited(client, letters) -> None:
    reply = letters["reply"]
    url = reverse(
        "applications_letters:public_letter",
        kwargs={"code": reply.application.tracking_code, "pk": reply.pk, "fmt": "docx"},
    )
    for _ in range(5):
        assert client.post(url, {"phone_tail": "0000"}).status_code == 200
    assert client.post(url, {"phone_tail": "1234"}).status_code == 429


def test_agency_template_pages(client, people, letters) -> None:
    url = reverse("applications_letters:letter_templates", args=[people.tree.a.code])
    client.force_login(people.office)
    page = client.get(url)
    assert page.status_code == 200 and "系统模板" in page.content.decode()
    upload = io.BytesIO(custom_template("页面上传的模板 {{ applicant }}"))
    upload.name = "mine.docx"
    assert client.post(url, {"kind": "reply", "file": upload}).status_code == 302
    assert LetterTemplate.objects.filter(agency=people.tree.a, kind="reply").exists()
    download = client.get(
        reverse("applications_letters:letter_template_file", args=[people.tree.a.code, "reply"])
    )
    assert "页面上传的模板" in docx_text(b"".join(download.streaming_content))[1]
    client.force_login(people.clerk)
    assert client.post(url, {"delete": "reply"}).status_code == 403
