"""The address of the client behind the proxy: what a rate limit counts.

Behind nginx every request comes from 127.0.0.1; a limit on that address would be one
limit for the whole public. nginx appends the client's address to X-Forwarded-For
(``$proxy_add_x_forwarded_for``), so when the peer is a trusted proxy
(``GANSHI_FORWARDED_ALLOW_IPS``) the last address of that header is the client; anything
before it was sent by the client and is not believed. From any other peer the header is
ignored. ``*`` trusts every peer, as it does for gunicorn.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    peer = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    trusted = settings.FORWARDED_ALLOW_IPS
    if forwarded and (peer in trusted or "*" in trusted):
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return peer or "unknown"
