"""Django settings, all read from the environment.

The defaults give a working single-machine system: an embedded SQLite database under
``var/`` tuned for concurrent web + worker processes. ``DATABASE_URL`` switches to PostgreSQL.
"""

import os
import secrets
from pathlib import Path

import dj_database_url

from gongkai.security.var_dir import read_secret_key, var_dir

BASE_DIR = Path(__file__).resolve().parent
# Only computed here: the gongkai commands, the WSGI entry point and the test run create it
# (gongkai.security.var_dir.prepare_var_dir), so importing settings writes nothing.
VAR_DIR = var_dir()


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


# SECRET_KEY from the environment, else the one prepare_var_dir generated into var/ (0600, never
# committed). A process that imports settings before any command prepared var/ (a bare import)
# gets a throwaway key: it can sign nothing another process must verify, which is harmless there.
SECRET_KEY = os.environ.get("SECRET_KEY") or read_secret_key(VAR_DIR) or secrets.token_urlsafe(50)
DEBUG = _env_bool("DEBUG")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "gongkai.security",  # before simple_history: its history-cleaning commands are replaced
    "simple_history",
    "axes",
    "ninja",  # /api/docs then uses the Swagger UI files ninja ships, served here, not a CDN's
    "gongkai.agencies",
    "gongkai.workcalendar",
    "gongkai.staff",
    "gongkai.portal",
    "gongkai.checker",
    "gongkai.applications",
    "gongkai.catalog",
    "gongkai.search",
    "gongkai.consultations",
    "gongkai.annual",
    "gongkai.supervision",
    "gongkai.imported_reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gongkai.security.headers.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
SQLITE_PATH = VAR_DIR / "gongkai.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{SQLITE_PATH}", conn_max_age=600, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web server and task worker write concurrently: WAL lets readers proceed, busy_timeout
    # waits for the writer instead of failing, IMMEDIATE takes the write lock at BEGIN so a
    # transaction never fails half-way on lock upgrade.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000; "
            "PRAGMA foreign_keys=ON;"
        ),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The report's aggregate queries cost more to JIT-compile (60–80 ms each) than to run.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- background tasks (django.tasks API through the backport) -------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- e-mail (deadline reminders to staff, notices to applicants) ----------------------------
# Printed to the console unless an SMTP server is configured (README "邮件").
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = _env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gongkai@localhost")
EMAIL_SUBJECT_PREFIX = "[gongkai] "
# The address people reach the site at, for links in e-mails (e.g. https://gongkai.example.gov.cn).
GONGKAI_SITE_URL = os.environ.get("GONGKAI_SITE_URL", "").rstrip("/")

# --- authentication -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gongkai.security.passwords.NotBuiltFromUsernameValidator"},
]
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "staff:login"
# Lock an account (per user name and address) after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("GONGKAI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "staff/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Staff sessions end after two idle hours and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("GONGKAI_SESSION_SECONDS", str(2 * 3600)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _env_bool("SECURE_COOKIES")
CSRF_COOKIE_SECURE = _env_bool("SECURE_COOKIES")
# History pages in the admin are for reading: no "revert" form, and never editing a history row.
SIMPLE_HISTORY_REVERT_DISABLED = True
SIMPLE_HISTORY_EDIT = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind TLS (README "安全设置"): redirect plain HTTP, send HSTS, and trust the proxy's header
# saying the request came in over HTTPS, e.g. SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD")
if _proxy_ssl := os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip():
    _header, _, _value = _proxy_ssl.partition(",")
    SECURE_PROXY_SSL_HEADER = (_header.strip(), _value.strip() or "https")
# No script but the site's own files (no inline script elements, no on…= handlers: tests/security
# checks the templates and pages). Styles allow 'unsafe-inline': the annual report and 图解
# pages carry their stylesheet inline so that the saved page stays whole as one file, and
# several pages (letters, checker results) have a page-specific <style> block.
CONTENT_SECURITY_POLICY = os.environ.get(
    "GONGKAI_CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'",
)

# --- uploads --------------------------------------------------------------------------------
# Annual-report files are checked in memory; anything larger is refused before parsing.
GONGKAI_MAX_UPLOAD_BYTES = int(os.environ.get("GONGKAI_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = GONGKAI_MAX_UPLOAD_BYTES
# Stored uploads are readable by the system's own user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# --- public checker -------------------------------------------------------------------------
# Checks per client address per window, web page and API alike; 0 turns the limit off.
# The counters need a cache every server process shares: files under var/ unless set otherwise.
GONGKAI_CHECK_RATE_LIMIT = int(os.environ.get("GONGKAI_CHECK_RATE_LIMIT", "30"))
GONGKAI_CHECK_RATE_WINDOW = int(os.environ.get("GONGKAI_CHECK_RATE_WINDOW", "60"))  # seconds
GONGKAI_TRUSTED_PROXY_HEADER = os.environ.get("GONGKAI_TRUSTED_PROXY_HEADER", "")  # e.g. HTTP_X_REAL_IP
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
    }
}

# --- language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"  # made by prepare_var_dir: WhiteNoise warns when it is missing
MEDIA_ROOT = VAR_DIR / "media"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Static files are served by the application itself (WhiteNoise): agency intranets rarely
# have a separate web server, and nothing may come from a CDN.
WHITENOISE_USE_FINDERS = True
