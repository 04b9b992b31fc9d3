"""The in-process cases, one group per process (so each group's peak memory is its own).

    python -m ganshi.bench.cases GROUP --repeats 5 --out FILE.json

GROUP is ``pages`` (list, far page, filtered page, search, detail: view and API),
``dashboard``, ``training`` (a township's credit-hour compliance and the county's
person-times figures: view and API), ``export`` or ``insert`` (executemany of cadre rows
into a scratch table, the raw side of the demo load). The database is the one the environment names
(GANSHI_DATA_DIR / GANSHI_DATABASE_URL), already loaded with the demo.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import django

from ganshi.bench import raw
from ganshi.bench.stats import Target, from_samples, time_pair

PAGE_TARGET = Target(ratio=1.5, absolute_ms=100)
DASHBOARD_TARGET = Target(ratio=1.2)


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ganshi.settings")
    django.setup()
    from django.conf import settings

    config = settings.DATABASES["default"]
    if config["ENGINE"].endswith("sqlite3"):
        return raw.RawDatabase(sqlite_path=str(config["NAME"]))
    return raw.RawDatabase(url=os.environ["GANSHI_DATABASE_URL"])


def _client(user):
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def _get(client, url: str, params: dict | None = None):
    def call():
        response = client.get(url, params or {})
        if response.status_code != 200:
            raise RuntimeError(f"{url} {params}: HTTP {response.status_code}")
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        else:
            response.content  # noqa: B018 - rendered in full
        return response

    return call


def pages(db: raw.RawDatabase, repeats: int) -> list:
    from ganshi.accounts.models import User
    from ganshi.core.pagination import _encode
    from ganshi.orgs.models import Unit

    admin = User.objects.get(username="admin")
    client = _client(admin)
    at = raw.year_month_int(datetime.date.today())  # noqa: DTZ011 - calendar month, as the app
    everything = raw.RawFilters(at=at)
    total = raw.bounded_count(db, everything, limit=10**9)
    offset = min(250_000, total // 2)
    after = raw.keyset_after(db, everything, offset)
    cursor = _encode(list(after))
    # The filtered page: a county (or, in a one-county database, its biggest township),
    # its most common rank and the 41–45 age band.
    county = Unit.objects.filter(depth=2).order_by("path").first()
    if county is None or county.kind != "county":
        county = (
            Unit.objects.filter(kind="township").order_by("path").first()
            or Unit.objects.order_by("path").first()
        )
    rank = db.fetchall(
        "SELECT c.rank FROM cadres_cadre c INNER JOIN orgs_unit u ON c.unit_id = u.id "
        "WHERE u.path LIKE %s AND c.status = 'active' AND c.rank <> 99 "
        "GROUP BY c.rank ORDER BY COUNT(*) DESC LIMIT 1",
        [raw.like_prefix(county.path)],
    )[0][0]
    filtered = raw.RawFilters(unit_path=county.path, rank=rank, age_band="41-45", at=at)
    filter_params = {"unit": county.pk, "rank": rank, "age_band": "41-45"}
    # A cadre in the middle of the list: its name, pinyin and initials to search for.
    middle = db.fetchall(
        "SELECT id, name, name_pinyin, name_initials FROM cadres_cadre WHERE status = 'active' "
        "ORDER BY id LIMIT 1 OFFSET %s",
        [total // 2],
    )[0]
    pk, name, pinyin, initials = middle
    searches = (("characters", name[:2]), ("full pinyin", pinyin), ("initials", initials))
    cases = [
        ("list: first page", {}, everything, None),
        (f"list: page at row {offset:,}", {"cursor": cursor}, everything, after),
        ("list: filtered (county + rank + age band)", filter_params, filtered, None),
    ]
    for label, text in searches:
        cases.append(
            (f"search: {label} “{text}”", {"q": text}, raw.RawFilters(q=text, at=at), None)
        )
    results = []
    for label, params, filters, raw_after in cases:
        for surface, url in (("view", "/cadres/"), ("API", "/api/v1/cadres")):
            ganshi_times, raw_times = time_pair(
                _get(client, url, params),
                lambda filters=filters, raw_after=raw_after: raw.list_page(
                    db, filters, after=raw_after
                ),
                repeats=repeats,
            )
            results.append(
                from_samples(f"{label} — {surface}", ganshi_times, raw_times, PAGE_TARGET)
            )
    for surface, url in (("view", f"/cadres/{pk}/"), ("API", f"/api/v1/cadres/{pk}")):
        ganshi_times, raw_times = time_pair(
            _get(client, url), lambda: raw.detail(db, pk), repeats=repeats
        )
        results.append(from_samples(f"detail — {surface}", ganshi_times, raw_times, PAGE_TARGET))
    return results


def dashboard(db: raw.RawDatabase, repeats: int) -> list:
    from ganshi.accounts.models import User
    from ganshi.cadres.selectors import cadre_structure

    at = raw.year_month_int(datetime.date.today())  # noqa: DTZ011
    results = []
    for username in ("admin", "zzb"):
        user = User.objects.get(username=username)
        path = user.scope_unit.path if user.scope_unit_id and username != "admin" else ""
        filters = raw.RawFilters(scope_path=path, at=at)
        scope = "province" if username == "admin" else "county"
        ganshi_times, raw_times = time_pair(
            lambda user=user: cadre_structure(actor=user),
            lambda filters=filters: raw.structure(db, filters),
            repeats=repeats,
        )
        results.append(
            from_samples(
                f"dashboard figures ({scope}, {username})",
                ganshi_times,
                raw_times,
                DASHBOARD_TARGET,
            )
        )
        ganshi_times, raw_times = time_pair(
            _get(_client(user), "/"),
            lambda filters=filters: raw.structure(db, filters),
            repeats=repeats,
        )
        results.append(
            from_samples(f"dashboard page ({scope}, {username})", ganshi_times, raw_times)
        )
    return results


def captured_statements(work) -> list[tuple[str, list]]:
    """The SQL (with ``%s`` placeholders) and parameters ``work()`` sends to the database."""
    from django.db import connection

    statements: list[tuple[str, list]] = []

    def record(execute, sql, params, many, context):
        statements.append((sql, list(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        work()
    return statements


def training(db: raw.RawDatabase, repeats: int) -> list:
    """Issue 5's cases: the raw side is the selectors' own statements, replayed through the
    driver, so the ratio is what the ORM, the view and the API add to the same SQL."""
    from ganshi.accounts.models import User
    from ganshi.demo import timeline
    from ganshi.training import selectors

    year = timeline.REFERENCE_DATE.year
    township, county = User.objects.get(username="town1"), User.objects.get(username="zzb")
    filters = selectors.ComplianceFilters(year=year)

    def compliance():
        selectors.compliance_list(actor=township, filters=filters)
        selectors.compliance_totals(actor=township, filters=filters)

    def figures():
        selectors.figures(actor=county, year=year)

    results = []
    for label, user, work, urls in (
        (
            "training compliance (township, town1)",
            township,
            compliance,
            (("view", "/training/compliance/"), ("API", "/api/v1/training/compliance")),
        ),
        (
            "training person-times figures (county, zzb)",
            county,
            figures,
            (("view", "/training/figures/"), ("API", "/api/v1/training/figures")),
        ),
    ):
        statements = captured_statements(work)
        client = _client(user)
        for surface, url in urls:
            ganshi_times, raw_times = time_pair(
                _get(client, url, {"year": year}),
                lambda statements=statements: raw.replay(db, statements),
                repeats=repeats,
            )
            results.append(
                from_samples(f"{label} — {surface}", ganshi_times, raw_times, PAGE_TARGET)
            )
    return results


EXPORT_SQL = (
    "SELECT c.name, c.gender, c.birth, c.ethnicity, c.native_place, c.birthplace, c.id_number, "
    "c.political_status, c.party_entry, c.work_start, c.fulltime_education, c.fulltime_degree, "
    "c.fulltime_school, c.inservice_education, c.inservice_degree, c.inservice_school, u.name, "
    "c.current_post, c.rank, c.leadership_level, c.category, c.health, c.professional_title, "
    "c.phone, c.home_address, c.notes, c.status FROM cadres_cadre c INNER JOIN orgs_unit u "
    "ON c.unit_id = u.id WHERE c.status = 'active' ORDER BY c.name_pinyin, c.id"
)


def raw_export(db: raw.RawDatabase, output: Path) -> int:
    """openpyxl (write-only) writing the same rows, read straight from the database."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("干部花名册")
    sheet.append(["序号", *range(27)])
    cursor = db.connection.cursor()
    cursor.execute(EXPORT_SQL)
    count = 0
    while batch := cursor.fetchmany(2000):
        for row in batch:
            count += 1
            sheet.append([count, *row])
    cursor.close()
    workbook.save(output)
    return count


def export(db: raw.RawDatabase, repeats: int) -> list:
    from ganshi.accounts.models import User
    from ganshi.cadres.selectors import CadreFilters
    from ganshi.interchange.services import roster_export_write

    admin = User.objects.get(username="admin")
    with tempfile.TemporaryDirectory(prefix="ganshi-bench-export-") as folder:
        rows = {}

        def ours():
            rows["ganshi"] = roster_export_write(
                actor=admin,
                filters=CadreFilters(),
                output=str(Path(folder) / "ganshi.xlsx"),
                filter_summary={},
            )

        def theirs():
            rows["raw"] = raw_export(db, Path(folder) / "raw.xlsx")

        ganshi_times, raw_times = time_pair(ours, theirs, repeats=repeats, warmup=0)
    label = f"roster export ({rows['ganshi']:,} rows; raw: openpyxl write-only)"
    result = from_samples(label, ganshi_times, raw_times, unit="ms")
    result.note = f"raw rows {rows['raw']:,}"
    return [result]


def insert(db: raw.RawDatabase, repeats: int) -> list:
    """executemany of up to 100,000 cadre rows into a scratch copy of the cadre table."""
    columns = [column for column in raw.CADRE_COLUMNS if column != "id"]
    rows = db.fetchall(
        f"SELECT {', '.join(columns)} FROM cadres_cadre ORDER BY id LIMIT 100000"  # noqa: S608
    )
    if db.vendor == "sqlite":
        db.connection.execute("DROP TABLE IF EXISTS bench_scratch")
        db.connection.execute("CREATE TABLE bench_scratch AS SELECT * FROM cadres_cadre WHERE 0")
    else:
        db.connection.execute("DROP TABLE IF EXISTS bench_scratch")
        db.connection.execute("CREATE TABLE bench_scratch (LIKE cadres_cadre INCLUDING ALL)")
    marks = ", ".join(["%s"] * len(columns))
    sql = db.sql(f"INSERT INTO bench_scratch ({', '.join(columns)}) VALUES ({marks})")  # noqa: S608
    times = []
    for _ in range(repeats):
        db.connection.execute("DELETE FROM bench_scratch")
        started = time.perf_counter()
        if db.vendor == "sqlite":
            with db.connection:
                db.connection.executemany(sql, rows)
        else:
            with db.connection.transaction(), db.connection.cursor() as cursor:
                for start in range(0, len(rows), 2000):
                    cursor.executemany(sql, rows[start : start + 2000])
        times.append(time.perf_counter() - started)
    db.connection.execute("DROP TABLE bench_scratch")
    return [{"rows": len(rows), "seconds": times}]


GROUPS = {
    "pages": pages,
    "dashboard": dashboard,
    "training": training,
    "export": export,
    "insert": insert,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("group", choices=sorted(GROUPS))
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", required=True)
    arguments = parser.parse_args()
    db = _setup()
    results = GROUPS[arguments.group](db, arguments.repeats)
    db.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    payload = [r if isinstance(r, dict) else r.as_dict() for r in results]
    Path(arguments.out).write_text(json.dumps({"peak_mb": peak_mb, "results": payload}))


if __name__ == "__main__":
    sys.exit(main())
