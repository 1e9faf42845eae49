"""The report as PDF: WeasyPrint prints the standalone HTML page with print.css (A4, GB/T 9704
margins) and a CJK TrueType font embedded — without one every engine prints boxes. The fonts are
Debian's (scripts/system-deps.sh): 文鼎ＰＬ简报宋 (fonts-arphic-gbsn00lp) for text, 文泉驿正黑
(fonts-wqy-zenhei) for headings and as the fallback; found at their known paths, else through
fontconfig. With neither installed, rendering stops with a Chinese error saying what to install.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from gongkai.law.report import Report
from gongkai.reportio.output import RenderError
from gongkai.reportio.output.html_page import document, stylesheet

# role (the family name print.css uses) → Debian paths, best first
KNOWN_FONTS: dict[str, tuple[str, ...]] = {
    "GongkaiSong": (
        "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
    ),
    "GongkaiHei": (
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    ),
}
PDF_VARIANT = "pdf/ua-1"
NO_FONT = (
    "无法生成 PDF：本机没有中文字体，生成的 PDF 会把汉字印成方框。"
    "请安装 fonts-arphic-gbsn00lp 或 fonts-wqy-zenhei（以 root 运行 scripts/system-deps.sh）。"
)


def _fontconfig_cjk() -> list[Path]:
    """Files of the fonts fontconfig says cover Chinese (TrueType/OpenType only)."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return []
    try:
        out = subprocess.run(
            [fc_list, ":lang=zh", "file"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    files = {line.split(":")[0].strip() for line in out.splitlines() if line.strip()}
    return sorted(Path(f) for f in files if f.lower().endswith((".ttf", ".ttc", ".otf", ".otc")))


@lru_cache(maxsize=1)
def cjk_fonts() -> dict[str, Path]:
    """role → font file; both roles filled when at least one CJK font exists, else RenderError."""
    found: dict[str, Path] = {}
    for role, paths in KNOWN_FONTS.items():
        for p in map(Path, paths):
            if p.is_file():
                found[role] = p
                break
    if len(found) < len(KNOWN_FONTS):
        others = _fontconfig_cjk()
        for role in KNOWN_FONTS:
            if role not in found and others:
                found[role] = others[0]
    if not found:
        raise RenderError(NO_FONT)
    for role in KNOWN_FONTS:  # one font serves both roles when only one is installed
        found.setdefault(role, next(iter(found.values())))
    return found


def font_faces() -> str:
    return "".join(
        f'@font-face {{ font-family: "{role}"; src: url("{path.as_uri()}"); }}\n'
        for role, path in cjk_fonts().items()
    )


def render_pdf(report: Report) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    css = CSS(string=font_faces() + stylesheet("print.css"), font_config=fonts)
    # PDF/UA: tagged (headings, tables with their header cells), with the language and title,
    # so screen readers read the published PDF as they read the web page
    return HTML(string=document(report)).write_pdf(
        stylesheets=[css], font_config=fonts, pdf_variant=PDF_VARIANT
    )
