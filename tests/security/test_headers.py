"""Response headers: CSP with no inline script anywhere, HSTS/SSL from the environment, check --deploy."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from gongkai.agencies.demo import DEMO_PASSWORD, load_demo
from tests.security.production import clean_env, production_env

ROOT = Path(__file__).resolve().parents[2]
GONGKAI = ROOT / "gongkai"
# <script> whose content the browser would run: no src and not a data block (JSON).
DATA_SCRIPT = re.compile(r"""type\s*=\s*["']?application/(ld\+)?json""", re.I)
PAGE_LIMIT = 250


class ScriptAndHandlerFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inline_scripts: list[str] = []
        self.handlers: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        self.handlers += [f"<{tag} {name}=…>" for name, _ in attrs if name.startswith("on")]
        if (
            tag == "script"
            and not names.get("src")
            and not DATA_SCRIPT.search(f'type="{names.get("type", "")}"')
        ):
            self.inline_scripts.append(self.get_starttag_text())
        if tag == "a" and names.get("href"):
            self.links.append(names["href"])
        for name, value in attrs:
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.handlers.append(f"<{tag} {name}=javascript:…>")


def inspect(html: str) -> ScriptAndHandlerFinder:
    finder = ScriptAndHandlerFinder()
    finder.feed(html)
    return finder


def test_no_template_or_renderer_has_inline_script_or_event_handler():
    offenders = []
    for path in [*GONGKAI.rglob("*.html"), *GONGKAI.rglob("*.py")]:
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".py":  # comments may name the element; the markup is in the strings
            text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
        for match in re.finditer(r"<script\b([^>]*)>", text, re.I):
            attrs = match.group(1)
            if "src=" not in attrs and not DATA_SCRIPT.search(attrs):
                offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
        for match in re.finditer(r"<[a-zA-Z][^<>]*?\son[a-z]+\s*=", text):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)[:80]}")
    assert offenders == []


def crawl(client: Client, starts: list[str]) -> dict[str, object]:
    """GET every same-site page reachable from ``starts`` (up to PAGE_LIMIT); returns url → response."""
    seen: dict[str, object] = {}
    queue = list(starts)
    while queue and len(seen) < PAGE_LIMIT:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in inspect(response.content.decode()).links:
            target = urlsplit(urljoin(url, href))
            if target.netloc or target.scheme not in ("", "http"):
                continue
            path = target.path + (f"?{target.query}" if target.query else "")
            if path not in seen and not path.startswith(("/static/", "/staff/logout", "/admin/logout")):
                queue.append(path)
    return seen


@pytest.mark.django_db
def test_every_page_carries_the_policy_and_runs_no_inline_script(settings):
    load_demo()
    anonymous = Client()
    staff = Client()
    assert staff.post("/staff/login/", {"username": "admin", "password": DEMO_PASSWORD}).status_code == 302
    pages = {**crawl(anonymous, ["/", "/check/", "/api/docs"]), **crawl(staff, ["/staff/", "/admin/"])}
    html_pages = [
        u for u, r in pages.items() if r.status_code == 200 and "text/html" in r.get("Content-Type", "")
    ]
    assert len(html_pages) > 40, html_pages  # the crawl really went through the site
    problems = []
    for url, response in pages.items():
        policy = response.get("Content-Security-Policy", "")
        if policy != settings.CONTENT_SECURITY_POLICY:
            problems.append(f"{url}: CSP {policy!r}")
        if response.get("X-Frame-Options") != "DENY":
            problems.append(f"{url}: X-Frame-Options {response.get('X-Frame-Options')!r}")
        if url in html_pages:
            found = inspect(response.content.decode())
            problems += [f"{url}: {what}" for what in found.inline_scripts + found.handlers]
    assert problems == []


def test_policy_forbids_inline_script_and_framing(settings):
    directives = dict(d.strip().split(" ", 1) for d in settings.CONTENT_SECURITY_POLICY.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert directives["frame-ancestors"] == "'none'" and directives["form-action"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["style-src"] == "'self' 'unsafe-inline'"  # inline report stylesheets, see settings


def settings_in(env: dict, expression: str) -> str:
    code = f"import gongkai.settings as s; print({expression})"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_tls_settings_come_from_the_environment(tmp_path):
    plain = settings_in(
        clean_env(tmp_path),
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, getattr(s, 'SECURE_PROXY_SSL_HEADER', None)",
    )
    assert plain == "False 0 None"  # a plain-HTTP intranet install keeps working as before
    behind_tls = settings_in(
        production_env(tmp_path),
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_PROXY_SSL_HEADER",
    )
    assert behind_tls == "True 31536000 True ('HTTP_X_FORWARDED_PROTO', 'https')"


def test_hsts_and_redirect_on_requests(settings, client):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    redirect = client.get("/check/")
    assert redirect.status_code == 301 and redirect["Location"] == "https://testserver/check/"
    secure = client.get("/check/", headers={"x-forwarded-proto": "https"})
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000"


def check_deploy(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_check_deploy_is_clean_under_the_documented_production_settings(tmp_path):
    result = check_deploy(production_env(tmp_path / "prod"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    # The documented list is what makes it clean: the development defaults are not.
    development = check_deploy(clean_env(tmp_path / "dev"))
    assert development.returncode != 0 and "security.W004" in development.stderr + development.stdout


def test_readme_documents_the_production_variables():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## 安全设置") :]
    for name in production_env(Path("/nonexistent")):
        if name.isupper() and name not in clean_env(Path("/nonexistent")) and name != "GONGKAI_VAR_DIR":
            assert name in section, name
    assert "GONGKAI_VAR_DIR" in section and "check --deploy" in section
