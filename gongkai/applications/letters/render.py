"""A letter as DOCX (docxtpl, from the agency's template or the one shipped) and as PDF (WeasyPrint
from an HTML rendering of the same content, with a CJK font embedded from the machine's fonts)."""

from __future__ import annotations

import functools
import io
import logging
import subprocess
import zipfile
from pathlib import Path
from typing import Any, BinaryIO

from django.template import Context, Engine

from .content import LetterContent, build

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = HERE / "templates"
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
MAX_TEMPLATE_UNZIPPED = 50 * 1024 * 1024

# Debian's fonts (scripts/system-deps.sh): a Song face for the text, a Hei face as fallback.
PREFERRED_FONTS = ("AR PL SungtiL GB", "WenQuanYi Zen Hei")


class LetterTemplateError(Exception):
    """A Word template that cannot be used; the message is Chinese, for the person who uploaded it."""


class MissingCJKFont(RuntimeError):
    pass


# --- DOCX -----------------------------------------------------------------------------------------
def package_template(kind: str) -> Path:
    return TEMPLATES_DIR / f"{kind}.docx"


def agency_template(agency_id: int, kind: str):
    from gongkai.applications.models import LetterTemplate

    return LetterTemplate.objects.filter(agency_id=agency_id, kind=kind).first()


def render_docx(letter: Any, content: LetterContent | None = None) -> bytes:
    """The letter as a Word file, from its agency's own template for the kind if there is one."""
    content = content or build(letter)
    own = agency_template(letter.application.agency_id, letter.kind)
    if own is not None and own.file:
        try:
            with own.file.open("rb") as fh:
                return fill_docx(fh.read(), content)
        except (LetterTemplateError, OSError) as exc:
            # A template that once passed the upload check and no longer renders (or went missing):
            # the letter still comes out, on the shipped template, and the log says why.
            logger.warning("机关文书模板无法使用（%s），改用系统模板：%s", own, exc)
    return fill_docx(package_template(letter.kind).read_bytes(), content)


def check_docx_zip(data: bytes) -> None:
    """Refuse what is not a Word file, or would unpack into something huge."""
    if len(data) > MAX_TEMPLATE_BYTES:
        raise LetterTemplateError(f"模板文件超过 {MAX_TEMPLATE_BYTES // 1024 // 1024} MB。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "word/document.xml" not in names:
                raise LetterTemplateError("这不是 Word（.docx）文件：缺少 word/document.xml。")
            if sum(info.file_size for info in archive.infolist()) > MAX_TEMPLATE_UNZIPPED:
                raise LetterTemplateError("模板文件解压后过大。")
    except zipfile.BadZipFile as exc:
        raise LetterTemplateError("这不是 Word（.docx）文件，请用 Word 或 WPS 另存为 .docx 后上传。") from exc


def fill_docx(template: bytes | BinaryIO, content: LetterContent) -> bytes:
    """Fill a docxtpl template. Placeholders are evaluated in Jinja's sandbox (an uploaded template
    is untrusted), text is XML-escaped, and an unknown placeholder is an error, not a blank."""
    from docxtpl import DocxTemplate
    from jinja2 import StrictUndefined, TemplateError
    from jinja2.sandbox import SandboxedEnvironment

    data = template if isinstance(template, bytes) else template.read()
    check_docx_zip(data)
    try:
        doc = DocxTemplate(io.BytesIO(data))
        doc.render(content.values, jinja_env=SandboxedEnvironment(undefined=StrictUndefined), autoescape=True)
        out = io.BytesIO()
        doc.save(out)
    except TemplateError as exc:
        raise LetterTemplateError(f"模板中的占位符有误：{exc}（可用的占位符见 docs/letters.md）") from exc
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise LetterTemplateError(f"无法读取该 Word 模板：{exc}") from exc
    return out.getvalue()


# --- PDF ------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def cjk_fonts() -> tuple[Path, ...]:
    """Files of the installed fonts that cover Chinese, the preferred ones first (fontconfig)."""
    try:
        listing = subprocess.run(
            ["fc-list", ":lang=zh", "file", "family"], capture_output=True, text=True, timeout=10, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        listing = ""
    found: dict[Path, str] = {}
    for line in listing.splitlines():
        path, _, family = line.partition(":")
        if path.strip():
            found.setdefault(Path(path.strip()), family)

    def rank(item: tuple[Path, str]) -> int:
        for i, name in enumerate(PREFERRED_FONTS):
            if name in item[1]:
                return i
        return len(PREFERRED_FONTS)

    return tuple(path for path, _ in sorted(found.items(), key=rank))


def letter_html(content: LetterContent, *, fonts: tuple[Path, ...] | None = None) -> str:
    """The HTML the PDF is printed from (also fit for a browser)."""
    fonts = cjk_fonts() if fonts is None else fonts
    engine = Engine(dirs=[str(TEMPLATES_DIR)], autoescape=True)
    template = engine.get_template("letter.html")
    faces = [{"family": f"GongkaiCJK{i}", "url": path.as_uri()} for i, path in enumerate(fonts)]
    return template.render(Context({**content.values, "font_faces": faces}))


def render_pdf(letter: Any, content: LetterContent | None = None) -> bytes:
    fonts = cjk_fonts()
    if not fonts:
        raise MissingCJKFont(
            "本机没有中文字体，PDF 中的汉字将无法显示。请以 root 身份运行 scripts/system-deps.sh"
            "（安装 fonts-arphic-gbsn00lp、fonts-wqy-zenhei）。"
        )
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = letter_html(content or build(letter), fonts=fonts)
    # Only file: URLs are fetched (the fonts); nothing goes to the network.
    fetcher = URLFetcher(allowed_protocols={"file"})
    return HTML(string=html, base_url=TEMPLATES_DIR.as_uri() + "/", url_fetcher=fetcher).write_pdf()


# --- names ----------------------------------------------------------------------------------------
def filename(letter: Any, fmt: str) -> str:
    """「政府信息公开申请答复书-晋行服依复〔2026〕3号.pdf」."""
    label = build_title(letter)
    number = (letter.number or f"{letter.application.tracking_code}-{letter.pk}").replace("/", "-")
    return f"{label}-{number}.{fmt}"


def build_title(letter: Any) -> str:
    from .content import TITLES

    if letter.kind == "consultation" and (letter.context or {}).get("party_kind") == "其他机关":
        return TITLES["consultation_agency"]
    return TITLES[letter.kind]
