"""No user HTML rendered unescaped (issue 11 item 5): script payloads go into every text field of
every form the system shows, and then every page they can appear on — staff pages, the public
portal, feeds — must show them only escaped.

The forms are found, not listed: every page of the matrix (tests/security/authz_matrix.csv) is
read as the public, A's clerk, section head and office head, the supervising office and the
sysadmin; each ``<form>`` on it is filled — text inputs and textareas get the payload, URL inputs a
``javascript:`` URL, the rest a plausible value — and sent as the person who saw it. The answer to
each submission (a re-shown form with errors echoes the input) is checked at once. Records the
public sees only after a review (a published item, a published answer) are also written with the
payload through the actions, so the portal and the feeds show them. Then every page is read again,
following the links of the system's own pages one level down (the new records' pages).
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.html import escape

from .matrix import targets
from .world import YEAR, world_fixture

PAYLOAD = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
SHORT = "<img src=x onerror=alert(1)>"
JS_URL = "javascript:alert(1)"
RAW = ("<script>alert(1)</script>", SHORT)
READERS = ("anonymous", "A-clerk", "A-section_head", "A-office_head", "county-supervisor", "sysadmin")
# who reads every page afterwards (A's other roles see A's clerk's pages, with fewer forms)
VIEWERS = ("anonymous", "A-clerk", "county-supervisor", "sysadmin")
# forms not sent: they end the session or delete the records the other pages need
SKIP_ACTIONS = re.compile(r"logout|password|delete|remove|detach|/admin/|/login/|/display/")
SKIP_LINKS = re.compile(r"logout|\.(xlsx|docx|pdf|zip|png|ico)(\?|$)|/download/|/admin/|/display/")
MARKUP = ("html", "xml", "rss", "atom")
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;")
SHOWN: set[str] = set()  # the pages that showed the payload (escaped)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from world_fixture(django_db_blocker)


def fill(form, *, gentle: bool = False) -> dict[str, str | list[str]]:
    """Every field of a form: the payload in its text fields, a plausible value in the others.
    ``gentle``: the payload only in textareas and long text inputs, so that a form refusing a
    payload in a short field (a postcode, a phone number) still stores the others."""
    data: dict[str, str | list[str]] = {}
    for field in form.xpath(".//input|.//textarea|.//select"):
        name = field.get("name")
        if not name or field.get("disabled") is not None:
            continue
        tag, kind = field.tag, (field.get("type") or "text").lower()
        value = field.get("value") or ""
        if tag == "textarea":
            data[name] = PAYLOAD
        elif tag == "select":
            options = [o.get("value", o.text_content()) for o in field.iter("option")]
            chosen = [
                o.get("value", o.text_content())
                for o in field.iter("option")
                if o.get("selected") is not None
            ]
            data[name] = next((o for o in chosen if o), "") or next((o for o in options if o), "")
        elif kind in ("checkbox", "radio"):
            if field.get("checked") is not None or (kind == "radio" and name not in data):
                data[name] = value or "on"
        elif kind in ("hidden", "submit", "button"):
            if value and name not in data:
                data[name] = value
        elif kind == "url":
            data[name] = JS_URL
        elif kind == "date" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            data[name] = value or f"{YEAR}-10-10"
        elif kind == "datetime-local":
            data[name] = value or f"{YEAR}-10-10T09:00"
        elif kind == "month":
            data[name] = value or f"{YEAR}-03"
        elif kind == "number":
            data[name] = value or (str(YEAR - 1) if "year" in name else "1")
        elif kind == "email":
            data[name] = "a@example.com"
        elif kind == "tel":
            data[name] = "13800001234"
        elif kind in ("file", "password") or field.get("tabindex") == "-1":
            continue  # tabindex -1: a trap for robots that people never see (the public forms')
        elif gentle and int(field.get("maxlength") or 1000) < len(PAYLOAD):
            data[name] = value or _plain(name, field)
        else:
            data[name] = PAYLOAD
    return data


def body(response) -> str:
    return "" if response.streaming else response.content.decode(errors="replace")


# what a short field must hold to be accepted, by its name
PLAIN = {"phone": "13800001234", "id_number": "11010519491231002X", "postcode": "362200", "name": "张三"}


def _plain(name: str, field) -> str:
    """A short field in the second try: the short payload if it fits, else a value it accepts."""
    if int(field.get("maxlength") or 1000) >= len(SHORT) and not any(k in name for k in PLAIN):
        return SHORT
    return next(
        (v for k, v in PLAIN.items() if k in name), "测试" if field.get("required") is not None else ""
    )


def unescaped(response) -> list[str]:
    """What of the payload a response shows raw: a script or an image tag, or a javascript: link."""
    kind = response.get("Content-Type", "")
    if not any(m in kind for m in MARKUP):
        return []
    text = body(response)
    found = [raw for raw in RAW if raw in text]
    if "html" in kind and text.strip():
        doc = lxml.html.fromstring(text)
        for el in doc.xpath("//*[@href or @src or @action or @formaction]"):
            for attr in ("href", "src", "action", "formaction"):
                if (el.get(attr) or "").strip().lower().startswith("javascript:"):
                    found.append(f'{attr}="{el.get(attr)}"')
    return found


def _seed_public_records(world) -> None:
    """What the public sees only after review: written with the payload through the actions."""
    from gongkai.catalog import actions as cat
    from gongkai.consultations import actions as con
    from gongkai.consultations.models import Consultation

    from .world import CLEAR

    p, a = world.people, world.tree.a
    category = cat.categories_of(a).get(name="工作动态")
    fields = {
        "title": f"通知{PAYLOAD}",
        "body": f"正文{PAYLOAD}",
        "formed_on": date(YEAR, 4, 1),
        "written_on": date(YEAR, 4, 1),
        "category": category,
    }
    item = cat.SaveDraft(p["A-clerk"], a, fields).execute()
    cat.AddAttachment(p["A-clerk"], item, name=f"附件{PAYLOAD}.png", data=_png()).execute()
    item = cat.SubmitForReview(p["A-clerk"], item).execute()
    for role in ("section_head", "deputy_head", "head"):
        item = cat.ReviewItem(p[f"A-{role}"], item, approve=True, **CLEAR).execute()
    cat.Publish(p["A-clerk"], item, on=date(YEAR, 4, 2)).execute()
    row = Consultation.objects.get(pk=world.objects["consultation"])
    row = con.Answer(p["A-clerk"], row, f"答复{PAYLOAD}").execute()
    con.Publish(
        p["A-clerk"], row, subject=f"问{PAYLOAD}", question=f"问题{PAYLOAD}", answer=f"答{PAYLOAD}"
    ).execute()


def _png() -> bytes:
    from .world import tiny_png

    return tiny_png()


def _send_forms(world, problems: list[str]) -> int:
    sent: set[tuple] = set()
    for target in targets(world.objects, globs=False):
        if target.method != "GET" or target.route.is_api_operation:
            continue
        for subject in READERS:
            if "200" not in target.expected(subject):
                continue
            client = world.client(subject)
            page = client.get(target.url, target.query)
            if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
                continue
            for form in lxml.html.fromstring(page.content).iter("form"):
                action = urljoin(target.url, form.get("action") or target.url)
                method = (form.get("method") or "get").lower()
                data = fill(form)
                key = (subject, method, urlsplit(action).path, tuple(sorted(data)))
                if SKIP_ACTIONS.search(action) or key in sent:
                    continue
                sent.add(key)
                cache.clear()  # the public forms' rate limits
                answer = client.post(action, data) if method == "post" else client.get(action, data)
                if answer.status_code == 400:  # refused as a whole: again, the payload in fewer fields
                    problems += [
                        f"{method.upper()} {action}（{subject}）的回应：{raw}" for raw in unescaped(answer)
                    ]
                    answer = client.post(action, fill(form, gentle=True)) if method == "post" else answer
                problems += [
                    f"{method.upper()} {action}（{subject}）的回应：{raw}" for raw in unescaped(answer)
                ]
    return len(sent)


def _read_everything(world, problems: list[str]) -> int:
    read: set[tuple[str, str]] = set()
    for subject in VIEWERS:
        client = world.client(subject)
        frontier = [
            t.url
            for t in targets(world.objects, globs=False)
            if t.method == "GET" and "200" in t.expected(subject)
        ]
        if subject == "sysadmin":  # the admin's lists, and one level down its change pages
            frontier += [t.url for t in targets(world.objects) if t.route.key.endswith("_changelist")]
        for depth in (0, 1):
            links: list[str] = []
            for url in frontier:
                admin_ok = subject == "sysadmin" and url.startswith("/admin/") and "logout" not in url
                if (subject, url) in read or (SKIP_LINKS.search(url) and not admin_ok):
                    continue
                read.add((subject, url))
                response = client.get(url)
                if any(e in body(response) for e in ESCAPED):
                    SHOWN.add(url)
                problems += [f"{url}（{subject}）：{raw}" for raw in unescaped(response)]
                if depth == 0 and response.status_code == 200 and "html" in response.get("Content-Type", ""):
                    links += _own_links(url, response.content)
            # one level down: the records' own pages, not the same lists filtered or paged again
            frontier = sorted({u for u in links if "?" not in u})
    return len(read)


def _own_links(base: str, content: bytes) -> list[str]:
    out = []
    for href in lxml.html.fromstring(content).xpath("//a/@href"):
        url = urljoin(base, href)
        parts = urlsplit(url)
        if not parts.netloc or parts.netloc == "testserver":
            out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


def test_payloads_in_every_form_appear_only_escaped(world, db) -> None:
    problems: list[str] = []
    _seed_public_records(world)
    sent = _send_forms(world, problems)
    read = _read_everything(world, problems)
    # the sweep did reach the system's forms and pages, and the payload did reach staff and public pages
    public = {u for u in SHOWN if not u.startswith("/staff/")}
    assert sent > 100 and read > 300 and len(SHOWN) > 20 and public, (sent, read, sorted(SHOWN))
    assert not problems, "这些页面原样输出了用户输入的 HTML：\n" + "\n".join(sorted(set(problems)))


def test_the_detector_sees_raw_markup_and_javascript_links() -> None:
    raw = HttpResponse(f'<p>{PAYLOAD}</p><a href=" {JS_URL}">x</a>', content_type="text/html")
    assert len(unescaped(raw)) == 3
    assert unescaped(HttpResponse(f"<p>{escape(PAYLOAD)}</p>", content_type="text/html")) == []
    assert unescaped(HttpResponse(f"<title>{PAYLOAD}</title>", content_type="application/rss+xml"))


def test_the_annual_report_html_escapes_the_agencys_text() -> None:
    """The public report page and the supervising office's view put the renderers' HTML in
    unescaped (``mark_safe``): the renderers themselves must escape the agency's name and texts."""
    from gongkai.law.formats import FORMAT_2021, SECTIONS
    from gongkai.law.report import Report, SectionText, Table2, Table3, Table4
    from gongkai.reportio.output import graphic, html_page

    report = Report(
        f"甲局{PAYLOAD}", YEAR, Table2.zeros(FORMAT_2021), Table3.zeros(FORMAT_2021), Table4.zeros()
    )
    for s in SECTIONS:
        report.sections[s.number] = SectionText(s.number, f"正文{PAYLOAD}", f"标题{PAYLOAD}")
    for html in (html_page.fragment(report), graphic.fragment(report)):
        page = HttpResponse(f"<html><body>{html}</body></html>", content_type="text/html")
        assert unescaped(page) == [] and "&lt;script&gt;" in html
