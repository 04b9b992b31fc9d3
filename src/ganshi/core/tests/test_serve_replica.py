"""The read-replica router and middleware (installed when GANSHI_REPLICA_URL is set)."""

from __future__ import annotations

import json
import shutil

import pytest
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory

from ganshi.cadres.models import Cadre
from ganshi.core.db_routers import (
    STICKY_COOKIE,
    ReplicaMiddleware,
    ReplicaRouter,
    replica_reads,
)
from ganshi.core.tests.processes import SEED, copy_template, process_environment, shell

router = ReplicaRouter()


def test_reads_outside_a_request_go_to_the_primary():
    assert router.db_for_read(Cadre) == "default"


def test_reads_in_a_replica_block_go_to_the_replica():
    with replica_reads():
        assert router.db_for_read(Cadre) == "replica"


def test_reads_of_a_request_that_may_not_use_the_replica_go_to_the_primary():
    with replica_reads(allowed=False):
        assert router.db_for_read(Cadre) == "default"


def test_reads_after_a_write_go_to_the_primary():
    with replica_reads() as state:
        assert router.db_for_write(Cadre) == "default"
        assert (state.wrote, router.db_for_read(Cadre)) == (True, "default")


def test_sessions_are_read_from_the_primary():
    with replica_reads():
        assert router.db_for_read(Session) == "default"


def test_reads_inside_a_transaction_go_to_the_primary(db):
    # pytest-django runs this test inside a transaction on the primary
    with replica_reads():
        assert router.db_for_read(Cadre) == "default"


def test_only_the_primary_is_migrated():
    assert router.allow_migrate("replica", "cadres") is False
    assert router.allow_migrate("default", "cadres") is None


def run_middleware(request, *, writes: bool = False):
    seen = {}

    def view(request):
        seen["read from"] = router.db_for_read(Cadre)
        if writes:
            router.db_for_write(Cadre)
        return HttpResponse("ok")

    response = ReplicaMiddleware(view)(request)
    return seen["read from"], response.cookies.get(STICKY_COOKIE)


@pytest.fixture
def requests(settings):
    settings.GANSHI_REPLICA_STICKY_SECONDS = 10
    return RequestFactory()


def test_a_get_reads_from_the_replica_and_sets_no_cookie(requests):
    assert run_middleware(requests.get("/cadres/")) == ("replica", None)


def test_a_post_reads_from_the_primary(requests):
    read_from, cookie = run_middleware(requests.post("/cadres/new/"))
    assert read_from == "default"
    assert cookie is None


def test_a_request_that_writes_pins_the_user_to_the_primary_for_a_while(requests):
    # when
    read_from, cookie = run_middleware(requests.post("/cadres/new/"), writes=True)
    # then
    assert read_from == "default"
    assert (cookie.value, cookie["max-age"], cookie["httponly"]) == ("1", 10, True)


def test_a_get_just_after_a_write_reads_from_the_primary(requests):
    request = requests.get("/cadres/")
    request.COOKIES[STICKY_COOKIE] = "1"
    assert run_middleware(request) == ("default", None)


# Writes through the configured router land on the primary; reads in a replica block come
# from the replica file (here a stale copy, so the difference shows).
ROUTED = """
import json
from django.conf import settings
from ganshi.core.db_routers import replica_reads
from ganshi.orgs.models import Unit
Unit.add_root(instance=Unit(name="新县", code="T900", kind="county", admin_level="division"))
with replica_reads():
    replica = Unit.objects.count()
    Unit.objects.filter(code="T900").update(name="新县二")
    after_write = Unit.objects.count()
print(json.dumps({
    "routers": settings.DATABASE_ROUTERS,
    "middleware": settings.MIDDLEWARE[0],
    "primary": Unit.objects.count(),
    "replica": replica,
    "after write": after_write,
}))
"""


def test_a_configured_replica_serves_the_reads(tmp_path, tmp_path_factory):
    # given a primary and a replica that is one unit behind
    data_dir = copy_template(tmp_path_factory, tmp_path / "data")
    env = process_environment(data_dir)
    shell(SEED, env=env)
    shutil.copy(data_dir / "ganshi.sqlite3", tmp_path / "replica.sqlite3")
    env["GANSHI_REPLICA_URL"] = f"sqlite:///{tmp_path / 'replica.sqlite3'}"
    # when
    printed = json.loads(shell(ROUTED, env=env).strip().splitlines()[-1])
    # then
    assert printed == {
        "routers": ["ganshi.core.db_routers.ReplicaRouter"],
        "middleware": "ganshi.core.db_routers.ReplicaMiddleware",
        "primary": 3,
        "replica": 2,
        "after write": 3,
    }
