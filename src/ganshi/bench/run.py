"""``make bench``: load the province into fresh databases and measure ganshi against them.

    python -m ganshi.bench.run [--db sqlite|postgresql|both] [--scale county|province]
                               [--reuse] [--repeats 5] [--skip import,export,load,server]

Environment: BENCH_SCALE, BENCH_DB, BENCH_REPEATS, BENCH_SECONDS (each load-test step,
default 20), BENCH_USERS (default "10,50,100"), BENCH_IMPORT_ROWS (default 100000),
GANSHI_BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/ganshi_bench).
SQLite data lives in var/bench-sqlite-<scale>/; results go to
bench/results/<date>-<db>.json and a Markdown table is printed.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from ganshi.bench.load_test import run_load
from ganshi.bench.raw import RawDatabase
from ganshi.bench.stats import CaseResult, Summary, Target, markdown_table

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/ganshi_bench"
PROTECTED = {"test", "test_test", "postgres", "template0", "template1"}
PASSWORD = "ganshi-demo"  # noqa: S105 - the demo users' published password


def _python() -> str:
    return sys.executable


def wait_with_rusage(process: subprocess.Popen) -> tuple[int, float]:
    """Wait for ``process``; its exit status and peak resident memory (MB)."""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage.ru_maxrss / 1024


def run_step(argv: list[str], env: dict[str, str], *, log: Path | None = None) -> float:
    """Run ``argv``; raise on failure; its peak memory in MB."""
    with open(log or os.devnull, "ab") as output:
        process = subprocess.Popen(argv, env=env, stdout=output, stderr=subprocess.STDOUT)  # noqa: S603
        code, peak = wait_with_rusage(process)
    if code != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({code}); see {log}")
    return peak


class Target_DB:
    """One benchmark database: where it lives, how to reach it with Django and without."""

    def __init__(self, vendor: str, scale: str) -> None:
        self.vendor = vendor
        self.scale = scale
        self.data_dir = ROOT / "var" / f"bench-{vendor}-{scale}"
        self.url = ""
        if vendor == "postgresql":
            url = os.environ.get("GANSHI_BENCH_DATABASE_URL", DEFAULT_PG)
            parts = urlsplit(url)
            name = parts.path.lstrip("/")
            if scale != "province":
                name = f"{name}_{scale}"
            if name in PROTECTED:
                raise SystemExit(f"refusing to use the database {name!r} for the benchmark")
            self.name = name
            self.url = urlunsplit(parts._replace(path=f"/{name}"))
            self.admin_url = urlunsplit(parts._replace(path="/postgres"))

    def env(self) -> dict[str, str]:
        env = dict(os.environ, GANSHI_DATA_DIR=str(self.data_dir), PYTHONUNBUFFERED="1")
        env.pop("GANSHI_REPLICA_URL", None)
        if self.url:
            env["GANSHI_DATABASE_URL"] = self.url
        else:
            env.pop("GANSHI_DATABASE_URL", None)
        return env

    def raw(self) -> RawDatabase:
        if self.url:
            return RawDatabase(url=self.url)
        return RawDatabase(sqlite_path=str(self.data_dir / "ganshi.sqlite3"))

    def loaded(self) -> bool:
        return (self.data_dir / "load.json").exists()

    def recreate(self) -> None:
        import shutil

        if self.data_dir.exists():
            shutil.rmtree(self.data_dir)
        self.data_dir.mkdir(parents=True)
        if self.url:
            import psycopg

            with psycopg.connect(self.admin_url, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
                connection.execute(f'CREATE DATABASE "{self.name}"')


def load(target: Target_DB, log: Path) -> dict:
    """Migrate and load the demo; the figures of the load (kept beside the data)."""
    target.recreate()
    env = target.env()
    ganshi = [_python(), "-m", "ganshi.cli"]
    run_step([*ganshi, "migrate", "-v0"], env, log=log)
    started = time.perf_counter()
    peak = run_step([*ganshi, "demo", "--scale", target.scale, "--no-progress"], env, log=log)
    elapsed = time.perf_counter() - started
    db = target.raw()
    rows = 0
    for table in (
        "orgs_unit", "orgs_post", "orgs_partyorg", "cadres_cadre", "cadres_resumeentry",
        "cadres_posttenure", "cadres_rankrecord", "cadres_familymember",
        "cadres_rewardpunishment", "cadres_cadre_tags",
    ):  # fmt: skip
        rows += db.fetchall(f"SELECT COUNT(*) FROM {table}")[0][0]  # noqa: S608 - constants
    cadres = db.fetchall("SELECT COUNT(*) FROM cadres_cadre")[0][0]
    db.close()
    figures = {"seconds": elapsed, "rows": rows, "cadres": cadres, "peak_mb": peak}
    (target.data_dir / "load.json").write_text(json.dumps(figures))
    return figures


def case_group(target: Target_DB, group: str, repeats: int, log: Path) -> tuple[list, float]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    argv = [_python(), "-m", "ganshi.bench.cases", group, "--repeats", str(repeats)]
    peak = run_step([*argv, "--out", str(out)], target.env(), log=log)
    payload = json.loads(out.read_text())
    out.unlink()
    return payload["results"], peak


def as_result(data: dict, peak: float) -> CaseResult:
    return CaseResult(
        case=data["case"],
        ganshi=Summary(**data["ganshi"]),
        raw=Summary(**data["raw"]) if data["raw"] else None,
        target=_parse_target(data["target"]),
        unit=data["unit"],
        peak_mb=peak,
        note=data.get("note", ""),
    )


def _parse_target(text: str) -> Target:
    target = Target()
    for part in text.split(", "):
        if part.startswith("≤ "):
            target.ratio = float(part[2:-1])
        elif part.startswith("< "):
            target.absolute_ms = float(part[2:-3])
    return target


def roster_import(target: Target_DB, rows: int, log: Path) -> list[CaseResult]:
    """The interchange's own import bench (bench/roster_import.py) into an empty registry."""
    spec = importlib.util.spec_from_file_location(
        "roster_bench", ROOT / "bench" / "roster_import.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = ROOT / "var" / f"bench-roster-{rows}.xlsx"
    if not path.exists():
        generator = (
            "import sys, pathlib; sys.path.insert(0, sys.argv[1]); import roster_import; "
            "roster_import.generate(pathlib.Path(sys.argv[2]), int(sys.argv[3]))"
        )
        run_step(
            [_python(), "-c", generator, str(ROOT / "bench"), str(path), str(rows)],
            dict(os.environ, GANSHI_DATA_DIR=tempfile.mkdtemp(prefix="ganshi-bench-gen-")),
            log=log,
        )
    scratch = Target_DB(target.vendor, f"import{rows}")
    scratch.recreate()
    env = dict(scratch.env(), PYTHONPATH=str(ROOT / "src"))
    env["GANSHI_DATA_DIR"] = str(scratch.data_dir)
    read = module.run(module.CALAMINE, str(path), env=env)
    module.run(module.IMPORT, str(path), "setup", env=env)
    first = module.run(module.IMPORT, str(path), "import", env=env)
    again = module.run(module.IMPORT, str(path), "import", env=env)
    results = []
    for label, figures in (("new", first), ("again, unchanged", again)):
        results.append(
            CaseResult(
                case=f"roster import {rows:,} rows ({label}; raw: calamine read)",
                ganshi=Summary(
                    figures["wall"] * 1000, figures["wall"] * 1000, figures["wall"] * 1000, 1
                ),
                raw=Summary(read["wall"] * 1000, read["wall"] * 1000, read["wall"] * 1000, 1),
                target=Target(ratio=3),
                peak_mb=figures["peak_mb"],
                note=f"created {figures['created']} updated {figures['updated']} "
                f"unchanged {figures['unchanged']} errors {figures['errors']}; "
                f"calamine peak {read['peak_mb']:.0f} MB",
            )
        )
    if scratch.url:
        import psycopg

        with psycopg.connect(scratch.admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{scratch.name}" WITH (FORCE)')
    import shutil

    shutil.rmtree(scratch.data_dir, ignore_errors=True)
    return results


def load_case(target: Target_DB, repeats: int, log: Path) -> CaseResult:
    figures = json.loads((target.data_dir / "load.json").read_text())
    inserted, peak = case_group(target, "insert", repeats, log)
    raw_rates = [inserted[0]["rows"] / seconds for seconds in inserted[0]["seconds"]]
    rate = figures["rows"] / figures["seconds"]
    # Per 1,000 rows in ms, so that the ratio reads "times slower than executemany".
    per_thousand = 1_000_000 / rate
    raw_per_thousand = sorted(1_000_000 / value for value in raw_rates)
    return CaseResult(
        case=f"demo load: {figures['rows']:,} rows ({figures['cadres']:,} cadres) in "
        f"{figures['seconds']:.0f} s = {rate:,.0f} rows/s (raw: executemany of cadre rows, "
        f"{max(raw_rates):,.0f} rows/s)",
        ganshi=Summary(per_thousand, per_thousand, per_thousand, 1),
        raw=Summary.of(raw_per_thousand),
        unit="ms/1k rows",
        peak_mb=figures["peak_mb"],
    )


# --- the production server under load ---------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its children (gunicorn master + workers), MB."""
    total = 0
    pids = [pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                pids.append(int(entry.name))
    for each in pids:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def server_load(target: Target_DB, users: list[int], seconds: float, log: Path) -> list[dict]:
    port = free_port()
    env = dict(target.env(), GANSHI_SECRET_KEY="bench-" + "x" * 50)
    server = subprocess.Popen(  # noqa: S603
        [_python(), "-m", "ganshi.cli", "serve", "--prod", "--port", str(port), "--no-demo"],
        env=env,
        stdout=open(log, "ab"),  # noqa: SIM115 - closed with the process
        stderr=subprocess.STDOUT,
    )
    results = []
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError("the server did not start; see " + str(log))
        db = target.raw()
        scope = db.fetchall(
            "SELECT u.path FROM accounts_user a INNER JOIN orgs_unit u "
            "ON a.scope_unit_id = u.id WHERE a.username = 'zzb'"
        )[0][0]
        ids = [
            row[0]
            for row in db.fetchall(
                "SELECT c.id FROM cadres_cadre c INNER JOIN orgs_unit u ON c.unit_id = u.id "
                "WHERE u.path LIKE %s ORDER BY c.id LIMIT 2000",
                [scope + "%"],
            )
        ]
        db.close()
        for count in users:
            peak = [0.0]
            stop = threading.Event()

            def sample(peak=peak, stop=stop):
                while not stop.is_set():
                    peak[0] = max(peak[0], tree_rss_mb(server.pid))
                    time.sleep(0.5)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            outcome = run_load(
                port=port,
                users=count,
                seconds=seconds,
                username="zzb",
                password=PASSWORD,
                cadre_ids=ids,
            )
            stop.set()
            sampler.join()
            summary = outcome.summary()
            summary["peak_mb"] = round(peak[0])
            summary["target"] = "p95 < 300 ms, no errors" if count == 50 else ""
            if count == 50:
                summary["met"] = summary["p95_ms"] < 300 and not (
                    summary["errors"] or summary["login_errors"]
                )
            results.append(summary)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return results


def load_table(results: list[dict]) -> str:
    lines = [
        "| users | requests | req/s | p50 ms | p95 ms | p99 ms | errors | target | met? | server peak MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---|:---:|---:|",
    ]
    for r in results:
        met = {True: "yes", False: "**no**"}.get(r.get("met"), "—")
        lines.append(
            f"| {r['users']} | {r['requests']:,} | {r['throughput_rps']} | {r['p50_ms']} | "
            f"{r['p95_ms']} | {r['p99_ms']} | {r['errors'] + r['login_errors']} | "
            f"{r['target'] or '—'} | {met} | {r['peak_mb']:,} |"
        )
    return "\n".join(lines)


def bench_one(vendor: str, arguments) -> Path:
    target = Target_DB(vendor, arguments.scale)
    log = ROOT / "var" / f"bench-{vendor}-{arguments.scale}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    skip = set(filter(None, arguments.skip.split(",")))
    print(f"\n## {vendor} ({arguments.scale}) — log in {log}", flush=True)
    if not (arguments.reuse and target.loaded()):
        print("loading the demo …", flush=True)
        load(target, log)
    results: list[CaseResult] = []
    groups = ("pages", "dashboard", "training") + (() if "export" in skip else ("export",))
    for group in groups:
        print(f"measuring {group} …", flush=True)
        data, peak = case_group(target, group, arguments.repeats, log)
        results += [as_result(item, peak) for item in data]
    if "load" not in skip:
        print("measuring the load rate …", flush=True)
        results.append(load_case(target, arguments.repeats, log))
    if "import" not in skip:
        print("measuring the roster import …", flush=True)
        results += roster_import(target, arguments.import_rows, log)
    server = []
    if "server" not in skip:
        print("load test …", flush=True)
        server = server_load(target, arguments.users, arguments.seconds, log)
    table = markdown_table(results)
    print("\n" + table + "\n")
    if server:
        print(load_table(server) + "\n")
    day = datetime.datetime.now(datetime.UTC).date().isoformat()
    out = ROOT / "bench" / "results" / f"{day}-{vendor}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "date": day,
                "database": vendor,
                "scale": arguments.scale,
                "repeats": arguments.repeats,
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                },
                "load": json.loads((target.data_dir / "load.json").read_text()),
                "cases": [result.as_dict() for result in results],
                "load_test": server,
                "table": table,
                "load_test_table": load_table(server) if server else "",
            },
            ensure_ascii=False,
            indent=1,
        )
    )
    print(f"written {out.relative_to(ROOT)}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="ganshi against the raw database")
    parser.add_argument(
        "--db", choices=("sqlite", "postgresql", "both"), default=os.environ.get("BENCH_DB", "both")
    )
    parser.add_argument(
        "--scale", choices=("county", "province"), default=os.environ.get("BENCH_SCALE", "province")
    )
    parser.add_argument("--reuse", action="store_true", help="keep an already-loaded database")
    parser.add_argument("--repeats", type=int, default=int(os.environ.get("BENCH_REPEATS", "5")))
    parser.add_argument(
        "--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", "20"))
    )
    parser.add_argument(
        "--users",
        type=lambda text: [int(n) for n in text.split(",")],
        default=os.environ.get("BENCH_USERS", "10,50,100"),
    )
    parser.add_argument(
        "--import-rows", type=int, default=int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
    )
    parser.add_argument(
        "--skip",
        default=os.environ.get("BENCH_SKIP", ""),
        help="comma-separated: export, import, load, server",
    )
    arguments = parser.parse_args()
    if isinstance(arguments.users, str):
        arguments.users = [int(n) for n in arguments.users.split(",")]
    vendors = ("sqlite", "postgresql") if arguments.db == "both" else (arguments.db,)
    for vendor in vendors:
        bench_one(vendor, arguments)


if __name__ == "__main__":
    main()
