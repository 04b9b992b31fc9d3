"""Encryption at rest for sensitive fields, and a keyed hash for exact look-ups.

The key is GANSHI_FIELD_KEY (Fernet, AES-128-CBC + HMAC-SHA256). The keyed hash of an
ID number (HMAC-SHA256 under a key derived from the same secret) lets the database find
duplicates without holding the number in clear.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import models


@functools.cache
def _fernet(key: str) -> Fernet:
    return Fernet(key.encode("ascii"))


@functools.cache
def _hash_key(key: str) -> bytes:
    return hashlib.sha256(b"ganshi-keyed-hash:" + base64.urlsafe_b64decode(key)).digest()


def encrypt(text: str) -> str:
    return _fernet(settings.GANSHI_FIELD_KEY).encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet(settings.GANSHI_FIELD_KEY).decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise ValueError("field cannot be decrypted with GANSHI_FIELD_KEY") from error


def keyed_hash(text: str) -> str:
    return hmac.new(
        _hash_key(settings.GANSHI_FIELD_KEY), text.encode("utf-8"), "sha256"
    ).hexdigest()


class EncryptedTextField(models.TextField):
    """A text field stored as a Fernet token; the empty string stays empty."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)
