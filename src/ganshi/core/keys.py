"""Secret keys kept in the data directory when the environment gives none."""

from __future__ import annotations

import base64
import os
import secrets
import sys
from pathlib import Path


def load_or_create_key(path: Path, *, kind: str, announce: bool) -> str:
    """Read the key at ``path``, creating it (mode 0600) on first use.

    ``kind`` is "fernet" (32 url-safe base64 bytes) or "secret" (a Django secret key).
    With ``announce`` a new key is reported on stderr, because losing it loses data.
    """
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    if kind == "fernet":
        key = base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")
    else:
        key = secrets.token_urlsafe(50)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    if announce:
        print(
            f"WARNING: GANSHI_FIELD_KEY is not set; generated a new field-encryption key in "
            f"{path}. Back it up with the database: without it the encrypted ID numbers, "
            f"phones and addresses cannot be read.",
            file=sys.stderr,
        )
    return key
