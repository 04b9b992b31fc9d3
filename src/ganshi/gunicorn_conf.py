"""gunicorn settings for ``ganshi serve --prod`` (``gunicorn -c python:ganshi.gunicorn_conf``).

Every value can be changed by an environment variable, so a systemd unit or the benchmark
harness adjusts the server without editing files:

GANSHI_BIND      address to listen on (default 127.0.0.1:$PORT, PORT default 8000)
GANSHI_WORKERS   worker processes (default 2 x CPU cores + 1)
GANSHI_THREADS   threads per worker (default 4)
GANSHI_TIMEOUT   seconds before a silent worker is killed and restarted (default 60)
GANSHI_MAX_REQUESTS  requests before a worker is recycled (default 2000, with jitter)
GANSHI_ACCESS_LOG    "-" (stdout, the default), a file path, or "off"; requests to the
                     public reporting pages (/report/) are never logged
GANSHI_SERVE_TASK_WORKER  "1": start `ganshi db_worker` beside gunicorn, stopped with it
                          (`ganshi serve --prod --with-worker` sets it)
"""

from __future__ import annotations

import os
import subprocess
import sys

from gunicorn.glogging import Logger


def default_workers() -> int:
    """2 x cores + 1: one waiting on the database while the other computes, per core."""
    return 2 * (os.cpu_count() or 1) + 1


def configured_workers() -> int:
    return int(os.environ.get("GANSHI_WORKERS") or default_workers())


def configured_bind() -> str:
    return os.environ.get("GANSHI_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"


bind = configured_bind()
workers = configured_workers()
# Threads let a worker go on serving while one request waits on the database or a file.
worker_class = "gthread"
threads = int(os.environ.get("GANSHI_THREADS", "4"))
timeout = int(os.environ.get("GANSHI_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (a slow leak cannot grow for ever); jitter keeps them from
# all restarting at once.
max_requests = int(os.environ.get("GANSHI_MAX_REQUESTS", "2000"))
max_requests_jitter = max(1, max_requests // 10)
# Load Django once in the master and fork: workers start fast and share memory.
preload_app = True
# nginx on the same machine sets X-Forwarded-*; trust it from loopback only.
forwarded_allow_ips = os.environ.get("GANSHI_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
_access_log = os.environ.get("GANSHI_ACCESS_LOG", "-")
accesslog = None if _access_log == "off" else _access_log
errorlog = "-"
loglevel = os.environ.get("GANSHI_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
logger_class = "ganshi.gunicorn_conf.PrivateAccessLogger"
proc_name = "ganshi"
# No runtime control socket (gunicornc): several servers may share a machine and a home.
control_socket_disable = True


def start_task_worker() -> subprocess.Popen:
    """``ganshi db_worker`` for every queue, as a child process."""
    return subprocess.Popen(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "ganshi.cli", "db_worker", "--queue-name=*", "--no-reload"]
    )


def stop_task_worker(worker: subprocess.Popen, timeout: float = 30) -> None:
    """SIGTERM lets the worker finish its current task; SIGKILL after ``timeout``."""
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


_task_worker = None


def on_starting(server):
    global _task_worker
    if os.environ.get("GANSHI_SERVE_TASK_WORKER") == "1":
        _task_worker = start_task_worker()
        server.log.info("Started the task worker (ganshi db_worker) with pid: %s", _task_worker.pid)


def on_exit(server):
    if _task_worker is not None:
        stop_task_worker(_task_worker)


def pre_fork(server, worker):
    """No database connection opened in the master may be shared by forked workers."""
    from django.db import connections

    connections.close_all()


# The public reporting pages keep no address with a report; a log line with the
# reporter's address and the minute they filed or followed it would undo that.
UNLOGGED_PREFIXES = ("/report/",)


class PrivateAccessLogger(Logger):
    """gunicorn's logger, leaving the public reporting pages out of the access log."""

    def access(self, resp, req, environ, request_time):
        if req.path.startswith(UNLOGGED_PREFIXES):
            return
        super().access(resp, req, environ, request_time)
