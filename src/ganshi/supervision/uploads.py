"""Checks on files sent with a report: extension, magic bytes, size, double extensions.

Images are not re-encoded here (the evidence is kept as sent); they are only ever
served back as downloads (``Content-Disposition: attachment``, ``nosniff``).
"""

from __future__ import annotations

import os

from django.utils.translation import gettext as _

# extension → (content type, a test of the first bytes)
ACCEPTED: dict[str, tuple[str, object]] = {
    "pdf": ("application/pdf", lambda head: head.startswith(b"%PDF-")),
    "jpg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    "png": ("image/png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        lambda head: head.startswith(b"PK\x03\x04"),
    ),
    "txt": ("text/plain", lambda head: b"\x00" not in head),
}
# Extensions that, inside a name ("report.pdf.exe", "photo.exe.jpg"), betray a disguise.
KNOWN_EXTENSIONS = frozenset(
    set(ACCEPTED)
    | {
        "exe", "bat", "cmd", "com", "scr", "pif", "msi", "js", "vbs", "jar", "sh", "ps1",
        "html", "htm", "php", "zip", "rar", "7z", "doc", "xls", "xlsx", "apk", "dll", "lnk",
    }
)  # fmt: skip


class UploadRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_attachment(name: str, content: bytes, *, max_bytes: int) -> str:
    """The content type of an acceptable file, or UploadRefused with the reason."""
    name = os.path.basename(name or "").strip()
    parts = name.lower().split(".")
    if len(parts) < 2 or not parts[-1]:
        raise UploadRefused(_("“%(name)s” has no file type.") % {"name": name})
    extension = parts[-1]
    if any(part in KNOWN_EXTENSIONS for part in parts[1:-1]):
        raise UploadRefused(
            _("“%(name)s” has two file types; rename it with one.") % {"name": name}
        )
    if extension not in ACCEPTED:
        raise UploadRefused(
            _("“%(name)s” is not an accepted file type (PDF, JPEG, PNG, DOCX or TXT).")
            % {"name": name}
        )
    if len(content) > max_bytes:
        raise UploadRefused(
            _("“%(name)s” is %(size)s KB; the limit is %(limit)s KB.")
            % {"name": name, "size": len(content) // 1024, "limit": max_bytes // 1024}
        )
    if not content:
        raise UploadRefused(_("“%(name)s” is empty.") % {"name": name})
    content_type, matches = ACCEPTED[extension]
    if not matches(content[:16]):  # type: ignore[operator]
        raise UploadRefused(
            _("“%(name)s” is not really a %(kind)s file.")
            % {"name": name, "kind": extension.upper()}
        )
    if extension == "txt":
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            raise UploadRefused(_("“%(name)s” is not UTF-8 text.") % {"name": name}) from None
    return content_type
