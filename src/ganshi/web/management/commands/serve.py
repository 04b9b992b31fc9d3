"""``ganshi serve``: migrate, load the demo county into an empty database, print how to
log in, and serve on 127.0.0.1 (PORT or --port) with Django's development server, with a
task worker (``ganshi db_worker``) beside it for imports and other background work.

``ganshi serve --prod``: the production server. Switches to GANSHI_ENV=production (DEBUG
off, hashed static files), migrates, loads the demo only when asked (--demo), collects the
static files into $GANSHI_DATA_DIR/static, runs the deployment checks and prints their
warnings, then replaces itself with gunicorn (``ganshi.gunicorn_conf``): gthread workers,
static files served by WhiteNoise, the access log on stdout. The process id stays the same
throughout, so systemd (or a test) can stop it with SIGTERM for a graceful shutdown. The
task worker runs as a service of its own in production (docs/deploy.md), or beside
gunicorn with --with-worker.
"""

from __future__ import annotations

import os
import signal
import sys

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

from ganshi import gunicorn_conf
from ganshi.accounts.models import User
from ganshi.core.planner_statistics import refresh_statistics
from ganshi.gunicorn_conf import start_task_worker, stop_task_worker
from ganshi.orgs.models import Unit


class Command(BaseCommand):
    help = (
        "Serve ganshi: the development server (loading the demo county into an empty "
        "database), or with --prod the production server (gunicorn)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=None, help="port (default $PORT or 8000)")
        parser.add_argument("--host", default=None, help="address (default 127.0.0.1)")
        parser.add_argument("--no-demo", action="store_true", help="never load the demo county")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="do not start a task worker (ganshi db_worker) beside the development server",
        )
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="with --prod: start a task worker beside gunicorn (stopped with it)",
        )
        parser.add_argument(
            "--prod",
            action="store_true",
            help="production server: gunicorn, GANSHI_ENV=production, no demo unless --demo",
        )
        parser.add_argument(
            "--demo",
            action="store_true",
            help="with --prod: load the demo county when the database is empty",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="with --prod: worker processes (default $GANSHI_WORKERS or 2 x cores + 1)",
        )

    def handle(self, *args, **options):
        if options["prod"]:
            self.serve_production(options)
            return
        host = options["host"] or "127.0.0.1"
        port = options["port"] or int(os.environ.get("PORT", "8000"))
        call_command("migrate", interactive=False, verbosity=0)
        refresh_statistics()
        self.stdout.write("database migrated")
        if not options["no_demo"] and self.database_is_empty():
            self.stdout.write("empty database: loading the demo county (ganshi demo) …")
            call_command("demo", scale="county")
        address = f"http://{host}:{port}/"
        self.stdout.write(self.style.SUCCESS(f"\nganshi is serving on {address}"))
        if User.objects.filter(username="zzb").exists():
            self.stdout.write(
                "Log in as zzb (county organisation department), town1 (first township), admin, "
                "jiwei, leader or auditor; every demo password is ganshi-demo.\n"
            )
        worker = None if options["no_worker"] else start_task_worker()
        # SIGTERM (not only Ctrl-C) stops the worker too.
        signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(0))
        try:
            call_command("runserver", f"{host}:{port}", use_reloader=False)
        finally:
            if worker is not None:
                stop_task_worker(worker)

    @staticmethod
    def database_is_empty() -> bool:
        return not Unit.objects.exists() and not User.objects.exists()

    def bind_address(self, options) -> str:
        """--host/--port, else GANSHI_BIND, else 127.0.0.1:$PORT."""
        if options["host"] or options["port"]:
            host = options["host"] or "127.0.0.1"
            port = options["port"] or int(os.environ.get("PORT", "8000"))
            return f"{host}:{port}"
        return gunicorn_conf.configured_bind()

    def serve_production(self, options) -> None:
        environment = dict(os.environ)
        environment["GANSHI_BIND"] = self.bind_address(options)
        if options["workers"]:
            environment["GANSHI_WORKERS"] = str(options["workers"])
        if options["with_worker"]:
            environment["GANSHI_SERVE_TASK_WORKER"] = "1"
        if not settings.PRODUCTION:
            # Settings are read once at start: start again with the production ones.
            environment["GANSHI_ENV"] = "production"
            argv = [sys.executable, "-m", "ganshi.cli", "serve", "--prod"]
            if options["demo"]:
                argv.append("--demo")
            self.exec(argv, environment)
        call_command("migrate", interactive=False, verbosity=0)
        refresh_statistics()
        self.stdout.write(f"database migrated ({connection.vendor})")
        if self.database_is_empty():
            if options["demo"]:
                if "demo" not in get_commands():
                    raise CommandError("--demo: the demo generator (`ganshi demo`) is missing")
                self.stdout.write("empty database: loading the demo county (ganshi demo) …")
                call_command("demo", scale="county")
            else:
                self.stdout.write(
                    self.style.WARNING(
                        "The database is empty: create the first administrator with "
                        "`ganshi createsuperuser` (or restore a backup with `ganshi restore`)."
                    )
                )
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"static files collected into {settings.STATIC_ROOT}")
        os.environ.update(environment)  # the checks see --workers too
        # Prints every warning; an error stops the server here.
        call_command("check", deploy=True)
        self.stdout.write(
            self.style.SUCCESS(
                f"\nganshi (production) is starting on http://{environment['GANSHI_BIND']}/ "
                f"with {gunicorn_conf.configured_workers()} workers x "
                f"{os.environ.get('GANSHI_THREADS', '4')} threads; data in {settings.DATA_DIR}\n"
            )
        )
        if environment.get("GANSHI_SERVE_TASK_WORKER") != "1":
            self.stdout.write(
                "Background tasks (imports) need a task worker: run `ganshi db_worker` as a "
                "service (docs/deploy.md), or start this server with --with-worker.\n"
            )
        self.exec(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "python:ganshi.gunicorn_conf",
                "ganshi.wsgi:application",
            ],
            environment,
        )

    def exec(self, argv: list[str], environment: dict[str, str]) -> None:
        """Replace this process (same pid): nothing after this call runs."""
        connections.close_all()
        self.stdout.flush()
        self.stderr.flush()
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(argv[0], argv, environment)  # noqa: S606 - our own interpreter, fixed argv
