"""Generated POST bodies for the public online application form (/<code>/apply/online/), and the
contract each answer must keep. Shared by tests/fuzz/test_application_form.py and the bench.

The contract: never a 500 (the test client re-raises a view's exception), only 200, 302 or 400;
a refused post (400) leaves no row behind — no application, no attachment — and says why in
Chinese; an accepted one (200, the receipt) saved the application with every attachment sent.
"""

from __future__ import annotations

import random
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

from gongkai.applications.forms import APPLICANT_CHOICES, OnlineApplicationForm
from gongkai.applications.models import Application, Attachment

VALID = {
    "applicant": "NATURAL_PERSON",
    "name": "张三",
    "contact_person": "",
    "id_type": "resident_id",
    "id_number": "350582199001011231",
    "phone": "138-0000-1234",
    "email": "zhang@example.com",
    "address": "福建省晋江市青阳街道1号",
    "postcode": "362200",
    "description": "2024年本机关关于某某道路改造工程的立项批复",
    "document_number": "晋发改〔2024〕12号",
    "medium": "electronic",
    "delivery": "email",
}
FIELDS = tuple(VALID) + ("website", "ticket", "attachments", "unknown_field")
NASTY = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\u202e\u200b\ufeff",
    "<script>alert(1)</script>",
    "'; DROP TABLE applications_application; --",
    "9" * 400,
    "-1",
    "1e309",
    "NaN",
    "2026-02-30",
    "0000-00-00",
    "X" * 18,
    "长" * 20_000,
    "🙂" * 300,
    "ＮＡＴＵＲＡＬ＿ＰＥＲＳＯＮ",
    "natural_person",
    "COMMERCIAL",
    "post",
    "paper",
    "credit_code",
    "91350100M000100Y43",
    "11010519491231002X",
)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CHOICES = {
    "applicant": [c for c, _ in APPLICANT_CHOICES],
    "id_type": [c for c, _ in OnlineApplicationForm.base_fields["id_type"].choices if c],
    "medium": [c for c, _ in OnlineApplicationForm.base_fields["medium"].choices if c],
    "delivery": [c for c, _ in OnlineApplicationForm.base_fields["delivery"].choices if c],
}
_CJK = re.compile(r"[\u4e00-\u9fff]")

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
value = st.one_of(
    st.just(None),  # the field left out
    text,
    st.sampled_from(NASTY),
    st.lists(st.sampled_from(NASTY), min_size=2, max_size=3),  # one name sent several times
    st.integers(-(10**30), 10**30).map(str),
)
upload = st.builds(
    lambda head, body, name: SimpleUploadedFile(name, head + body, "application/octet-stream"),
    st.sampled_from([b"", b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04", b"GIF89a"]),
    st.binary(max_size=2048),
    st.sampled_from(["a.pdf", "身份证.jpg", "../../etc/passwd", "x" * 300 + ".png", "a\x00.pdf", "无扩展名"]),
)


@st.composite
def bodies(draw) -> dict[str, Any]:
    """A post: the valid form with some fields replaced by hostile values or left out, a
    choice of each kind now and then, and up to four uploads of random bytes."""
    data: dict[str, Any] = dict(VALID)
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=len(FIELDS), unique=True)):
        if field in CHOICES and draw(st.booleans()):
            data[field] = draw(st.sampled_from(CHOICES[field]))
        else:
            data[field] = draw(value)
    files = draw(st.lists(upload, max_size=4))
    if files:
        data["attachments"] = files
    data["ticket"] = draw(st.sampled_from(["fresh", "fresh", "fresh", "forged", "missing"]))
    return data


def random_body(rng: random.Random) -> dict[str, Any]:
    """bodies() from a seeded generator, for the bench."""
    data: dict[str, Any] = dict(VALID)
    for field in rng.sample(FIELDS, rng.randint(0, len(FIELDS))):
        pick = rng.random()
        if field in CHOICES and pick < 0.4:
            data[field] = rng.choice(CHOICES[field])
        elif pick < 0.55:
            data[field] = None
        elif pick < 0.8:
            data[field] = rng.choice(NASTY)
        else:
            data[field] = "".join(
                chr(rng.choice((rng.randint(0, 0x7F), rng.randint(0x80, 0xD7FF))))
                for _ in range(rng.randint(0, 300))
            )
    if rng.random() < 0.3:
        head = rng.choice([b"", b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04"])
        data["attachments"] = [
            SimpleUploadedFile(f"f{i}.pdf", head + rng.randbytes(rng.randint(0, 2048)))
            for i in range(rng.randint(1, 4))
        ]
    data["ticket"] = rng.choice(["fresh", "fresh", "fresh", "forged", "missing"])
    return data


def post(client, agency, body: dict[str, Any]):
    """Post ``body`` to the agency's form: the ticket placeholder filled, left-out fields dropped.
    Returns (response, rows created: (applications, attachments), uploads sent)."""
    from django.urls import reverse

    from gongkai.applications.views import new_ticket

    data = {k: v for k, v in body.items() if v is not None}
    ticket = data.pop("ticket", "missing")
    if ticket == "fresh":
        data["ticket"] = new_ticket(agency)
    elif ticket == "forged":
        data["ticket"] = "eyJrIjoiIn0:forged:signature"
    files = data.get("attachments")
    uploads = [f for f in files if hasattr(f, "read")] if isinstance(files, list) else []
    for f in uploads:  # a body posted twice (hypothesis replaying it) reads its files again
        f.seek(0)
    before = (Application.objects.count(), Attachment.objects.count())
    response = client.post(reverse("applications:apply", args=[agency.code]), data)
    after = (Application.objects.count(), Attachment.objects.count())
    return response, (after[0] - before[0], after[1] - before[1]), len(uploads)


def check_answer(response, created: tuple[int, int], uploads: int) -> str:
    """'' when the answer keeps the contract, else what broke it."""
    status = response.status_code
    if status not in (200, 302, 400):
        return f"status {status}"
    page = response.content.decode("utf-8", "replace")
    if status == 400:
        if created != (0, 0):
            return f"refused, but {created[0]} applications and {created[1]} attachments were saved"
        errors = _form_errors(response)
        if errors is not None:
            if not errors:
                return "400 without any error on the form"
            foreign = [e for e in errors if not _CJK.search(e)]
            if foreign:
                return f"errors not in Chinese: {foreign[:3]}"
        elif not _CJK.search(page):
            return "400 page without a Chinese explanation"
    elif status == 200 and created[0] == 1 and created[1] != uploads:
        return f"application saved with {created[1]} of {uploads} attachments"
    elif created[0] > 1:
        return f"{created[0]} applications saved by one post"
    return ""


def _form_errors(response) -> list[str] | None:
    contexts = response.context
    if contexts is None:
        return None
    form = contexts.get("form")
    if form is None or not hasattr(form, "errors"):
        return None
    return [str(m) for messages in form.errors.values() for m in messages]
