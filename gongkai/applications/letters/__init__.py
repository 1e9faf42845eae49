"""Letters to applicants and consulted parties: 补正告知书, 延期答复告知书, 征求第三方意见书, 收费通知书
and the 答复书 of every reply type, as DOCX and PDF.

- :mod:`.content` builds what a letter says from its ``Letter`` row (text fixed at issue);
- :mod:`.render` fills a Word template (the agency's own, else ``templates/<kind>.docx``, built by
  :mod:`.build_templates`) and prints the PDF from ``templates/letter.html``;
- docs/letters.md lists every placeholder a template may use.
"""

from .content import OUTCOME_GROUPS, REPLY_BODIES, TITLES, LetterContent, build, snapshot
from .render import (
    LetterTemplateError,
    MissingCJKFont,
    filename,
    fill_docx,
    letter_html,
    package_template,
    render_docx,
    render_pdf,
)

__all__ = [
    "OUTCOME_GROUPS",
    "REPLY_BODIES",
    "TITLES",
    "LetterContent",
    "LetterTemplateError",
    "MissingCJKFont",
    "build",
    "filename",
    "fill_docx",
    "letter_html",
    "package_template",
    "render_docx",
    "render_pdf",
    "snapshot",
]
