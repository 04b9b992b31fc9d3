"""The client's address behind the proxy (what the public pages' rate limit counts)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from ganshi.core.client_address import client_address


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("127.0.0.1", "", "127.0.0.1"),  # no proxy header: the peer
        ("127.0.0.1", "203.0.113.7", "203.0.113.7"),  # nginx on this machine
        ("127.0.0.1", "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # a client's own header
        ("10.0.0.9", "203.0.113.7", "10.0.0.9"),  # an untrusted peer's header is ignored
        ("", "", "unknown"),
    ],
)
def test_the_client_is_the_address_our_proxy_saw(peer, forwarded, expected):
    # given
    request = RequestFactory().get("/report/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    # then
    assert client_address(request) == expected


def test_a_star_trusts_every_proxy_as_gunicorn_does(settings):
    # given
    settings.FORWARDED_ALLOW_IPS = frozenset({"*"})
    request = RequestFactory().get(
        "/report/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="203.0.113.7"
    )
    # then
    assert client_address(request) == "203.0.113.7"
