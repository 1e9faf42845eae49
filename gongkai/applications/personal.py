"""Applicants' personal data (《个人信息保护法》): encrypted at rest, masked wherever it is shown.

ID numbers and phone numbers are stored Fernet-encrypted (AES-128-CBC + HMAC) with a key from
``GONGKAI_DATA_KEY``; without it a key is generated once into ``var/data_key`` (0600), as
``SECRET_KEY`` is. Lookups that need equality (the same applicant's applications in a month, for
fees and repeat requests) use a keyed digest (HMAC-SHA256), never the clear value. Lists, exports,
logs and API answers use the masks below; the one staff view that shows the full value goes
through :func:`gongkai.applications.actions.RevealPersonalData`, which writes an audit row.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

KEY_ENV = "GONGKAI_DATA_KEY"


def _key_file_value() -> bytes:
    path = settings.VAR_DIR / "data_key"
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            pass
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(Fernet.generate_key())
    return path.read_bytes().strip()


@lru_cache(maxsize=1)
def _keys() -> tuple[Fernet, bytes]:
    raw = os.environ.get(KEY_ENV, "").encode() or _key_file_value()
    try:
        fernet = Fernet(raw)
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            f"{KEY_ENV} 不是有效的密钥（应为 Fernet 密钥：32 字节的 URL 安全 Base64 编码）。"
        ) from exc
    # The digest key is derived, so one secret protects both and rotating it re-keys both.
    digest_key = hashlib.sha256(b"gongkai-digest:" + base64.urlsafe_b64decode(raw)).digest()
    return fernet, digest_key


def forget_keys() -> None:
    """Drop the cached keys (tests that change the key)."""
    _keys.cache_clear()


def encrypt(text: str) -> str:
    return _keys()[0].encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _keys()[0].decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            f"无法解密申请人的个人信息：{KEY_ENV}（或 var/data_key）与加密时使用的密钥不同。"
        ) from exc


def normalise(text: str) -> str:
    """ID numbers and phones compared without spaces, hyphens and case (full-width folded)."""
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in text if ch.isalnum()).upper()


def digest(text: str) -> str:
    """A keyed digest of a normalised value: equal values, equal digests; nothing to reverse."""
    value = normalise(text)
    if not value:
        return ""
    return hmac.new(_keys()[1], value.encode("utf-8"), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column whose database value is ciphertext; Python sees the clear text."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)


def mask_id_number(value: str) -> str:
    """「**************1234」: only the last four characters, whatever the document."""
    value = normalise(value)
    if not value:
        return ""
    keep = 4 if len(value) > 6 else 1
    return "*" * (len(value) - keep) + value[-keep:]


def mask_phone(value: str) -> str:
    """「138****5678」 for a mobile number; other numbers keep only their last four digits."""
    value = normalise(value)
    if not value:
        return ""
    if len(value) == 11 and value.isdigit():
        return f"{value[:3]}****{value[-4:]}"
    keep = min(4, max(1, len(value) // 3))
    return "*" * (len(value) - keep) + value[-keep:]


def phone_tail(value: str) -> str:
    """The last four digits of a phone number: the second factor of the public progress query."""
    digits = "".join(ch for ch in normalise(value) if ch.isdigit())
    return digits[-4:]
