"""The production access log leaves the public reporting pages out."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger

from ganshi.gunicorn_conf import PrivateAccessLogger


@pytest.mark.parametrize(
    ("path", "logged"),
    [("/report/", []), ("/report/follow/", []), ("/cadres/", ["/cadres/"]), ("/", ["/"])],
)
def test_reporting_pages_never_reach_the_access_log(monkeypatch, path, logged):
    # given gunicorn's own access logging, recorded
    written = []
    monkeypatch.setattr(
        Logger, "access", lambda self, resp, req, environ, time: written.append(req.path)
    )
    logger = PrivateAccessLogger(Config())
    # when a request is logged
    logger.access(None, SimpleNamespace(path=path), {}, None)
    # then
    assert written == logged
