"""What an import accepts and where the files are kept.

Uploads are reports (.txt/.html/.htm/.docx/.pdf) or ZIPs of them. A ZIP is opened only after its
directory has been checked — member count, each member's and the total uncompressed size, and
the compression ratio (zip bombs) — and only report members are taken; names written without
ZIP's UTF-8 flag are decoded as GBK, as Chinese Windows writes them. Files are kept under
MEDIA_ROOT/imported_reports/<office>/<sha256> readable by this user only (0600).
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError

REPORT_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")
MAX_FILES = 100  # per import (Django's DATA_UPLOAD_MAX_NUMBER_FILES is also 100)
MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 500
MAX_ZIP_RATIO = 100  # uncompressed / compressed, per member
UTF8_FLAG = 0x800


@dataclass
class Accepted:
    files: list[tuple[str, bytes]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "name：reason", for the batch page


def is_zip(name: str, data: bytes) -> bool:
    return name.lower().endswith(".zip") or (
        data.startswith(b"PK\x03\x04") and not name.lower().endswith(".docx")
    )


def accept(uploads: list[tuple[str, bytes]]) -> Accepted:
    """The report files of an upload (ZIPs expanded), or a Chinese ValidationError for an upload
    over the limits or a ZIP that is not safe to open."""
    out = Accepted()
    total = 0
    for name, data in uploads:
        if is_zip(name, data):
            members = zip_members(name, data, out.skipped)
        else:
            members = [(name, data)]
        for member_name, member in members:
            if not member_name.lower().endswith(REPORT_SUFFIXES):
                out.skipped.append(f"{member_name}：不是 TXT、HTML、DOCX 或 PDF 文件")
                continue
            if not member:
                out.skipped.append(f"{member_name}：空文件")
                continue
            if len(member) > MAX_FILE_BYTES:
                raise ValidationError(f"文件“{member_name}”超过 {MAX_FILE_BYTES // 2**20} MB。")
            total += len(member)
            out.files.append((member_name, member))
    if total > MAX_TOTAL_BYTES:
        raise ValidationError(f"一次导入的文件合计不能超过 {MAX_TOTAL_BYTES // 2**20} MB，请分批导入。")
    if len(out.files) > MAX_FILES:
        raise ValidationError(f"一次最多导入 {MAX_FILES} 份报告（本次 {len(out.files)} 份），请分批导入。")
    if not out.files:
        raise ValidationError("没有可导入的年度报告文件（TXT、HTML、DOCX、PDF，或装有这些文件的 ZIP）。")
    return out


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it: zipfile decodes names without the UTF-8 flag as
    CP437; Chinese Windows wrote them in GBK (and some tools in UTF-8 without setting the flag)."""
    name = info.filename
    if not info.flag_bits & UTF8_FLAG:
        try:
            raw = name.encode("cp437")
        except UnicodeEncodeError:
            raw = b""
        for encoding in ("utf-8", "gbk"):  # UTF-8 bytes without the flag (Linux zip) decode only as UTF-8
            try:
                name = raw.decode(encoding) if raw else name
                break
            except UnicodeDecodeError:
                continue
    return PurePosixPath(name.replace("\\", "/")).name


def zip_members(name: str, data: bytes, skipped: list[str]) -> list[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationError(f"“{name}”不是可以打开的 ZIP 文件。") from exc
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ValidationError(f"ZIP 文件“{name}”中的文件过多（{len(infos)} 个，最多 {MAX_ZIP_MEMBERS} 个）。")
    wanted = []
    declared = 0
    for info in infos:
        inner = member_name(info)
        if info.filename.startswith("__MACOSX/") or inner.startswith("."):
            continue
        if not inner.lower().endswith(REPORT_SUFFIXES):
            skipped.append(f"{name}/{inner}：不是 TXT、HTML、DOCX 或 PDF 文件")
            continue
        if info.file_size > MAX_FILE_BYTES:
            raise ValidationError(f"ZIP 文件“{name}”中的“{inner}”超过 {MAX_FILE_BYTES // 2**20} MB。")
        if (
            info.compress_size
            and info.file_size / info.compress_size > MAX_ZIP_RATIO
            and info.file_size > 2**20
        ):
            raise ValidationError(f"ZIP 文件“{name}”中的“{inner}”压缩比异常，疑似压缩炸弹，未解压。")
        declared += info.file_size
        wanted.append((inner, info))
    if declared > MAX_TOTAL_BYTES:
        raise ValidationError(f"ZIP 文件“{name}”解压后超过 {MAX_TOTAL_BYTES // 2**20} MB，请分批导入。")
    members = []
    for inner, info in wanted:
        try:
            with archive.open(info) as fh:
                body = fh.read(MAX_FILE_BYTES + 1)  # the directory may lie about the size
        except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError):
            skipped.append(f"{name}/{inner}：无法解压（文件损坏或已加密）")
            continue
        if len(body) > MAX_FILE_BYTES or len(body) != info.file_size:
            raise ValidationError(f"ZIP 文件“{name}”中的“{inner}”大小与目录不符，未导入。")
        members.append((inner, body))
    return members


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store(office_id: int, data: bytes, name: str) -> str:
    """Write the file once (0600) and return its path relative to MEDIA_ROOT."""
    digest = sha256(data)
    relative = Path("imported_reports") / str(office_id) / (digest + Path(name).suffix.lower()[:8])
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # the same bytes are already kept
        return relative.as_posix()
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return relative.as_posix()


def read(relative: str) -> bytes:
    return (Path(settings.MEDIA_ROOT) / relative).read_bytes()
