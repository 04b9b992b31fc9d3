"""The raw side of each case: the same work written by hand in SQL, run through the driver.

Every statement uses ``%s`` placeholders; ``RawDatabase`` turns them into ``?`` for
sqlite3. Table and column names are constants of this module (never user input).
A test (core/tests/test_bench.py) checks that each returns the rows the ORM returns.
"""

from __future__ import annotations

import datetime
import sqlite3
from dataclasses import dataclass

COUNT_LIMIT = 10_000
PATH_STEP = 4  # the unit tree's path step (treebeard's steplen of orgs.Unit)
CADRE_COLUMNS = (
    "id", "name", "name_pinyin", "name_initials", "gender", "birth", "id_number",
    "id_number_hash", "ethnicity", "native_place", "birthplace", "political_status",
    "party_entry", "work_start", "health", "professional_title", "specialties",
    "fulltime_education", "fulltime_degree", "fulltime_school", "inservice_education",
    "inservice_degree", "inservice_school", "education", "unit_id", "current_post",
    "category", "rank", "leadership_level", "status", "phone", "home_address", "photo",
    "notes", "created_at", "updated_at",
)  # fmt: skip
UNIT_COLUMNS = (
    "id", "path", "depth", "numchild", "name", "short_name", "code", "kind", "admin_level",
    "is_active", "created_at", "updated_at",
)  # fmt: skip
SELECT_LIST = ", ".join(
    [f"c.{column}" for column in CADRE_COLUMNS] + [f"u.{column}" for column in UNIT_COLUMNS]
)
# Age bands as in cadres.choices.AGE_BAND_LIMITS: (youngest, oldest), None = open.
AGE_BANDS = {
    "to30": (None, 30),
    "31-35": (31, 35),
    "36-40": (36, 40),
    "41-45": (41, 45),
    "46-50": (46, 50),
    "51-55": (51, 55),
    "56-60": (56, 60),
    "61+": (61, None),
    "young": (None, 35),
}
EDUCATION_BANDS = {
    "postgraduate": ("11", "14"),
    "bachelor": ("21",),
    "junior_college": ("31",),
    "secondary": ("41", "47"),
    "high_school_or_below": ("61", "71", "81"),
}
ORDERS = {"pinyin": ("name_pinyin", "id"), "birth": ("birth", "id")}


class RawDatabase:
    """A plain driver connection (sqlite3 or psycopg), no Django."""

    def __init__(self, *, sqlite_path: str | None = None, url: str | None = None) -> None:
        if sqlite_path:
            self.vendor = "sqlite"
            self.connection = sqlite3.connect(sqlite_path)
            self.connection.execute("PRAGMA journal_mode=WAL")
        else:
            import psycopg

            self.vendor = "postgresql"
            self.connection = psycopg.connect(url, autocommit=True)

    @classmethod
    def wrap(cls, connection, vendor: str) -> RawDatabase:
        """An open DB-API connection (e.g. Django's ``connection.connection`` in a test)."""
        database = cls.__new__(cls)
        database.vendor = vendor
        database.connection = connection
        return database

    def sql(self, text: str) -> str:
        return text.replace("%s", "?") if self.vendor == "sqlite" else text

    def fetchall(self, text: str, params: tuple | list = ()) -> list[tuple]:
        cursor = self.connection.cursor()
        try:
            cursor.execute(self.sql(text), tuple(params))
            return cursor.fetchall()
        finally:
            cursor.close()

    def close(self) -> None:
        self.connection.close()


def year_month_int(day: datetime.date) -> int:
    return day.year * 100 + day.month


def months_back(at: int, months: int) -> int:
    """``at`` (yyyymm) minus ``months`` months, as yyyymm."""
    index = at // 100 * 12 + at % 100 - 1 - months
    return index // 12 * 100 + index % 12 + 1


def age_band_condition(band: str, at: int) -> tuple[str, list]:
    youngest, oldest = AGE_BANDS[band]
    parts, params = [], []
    if youngest is not None:
        parts.append("c.birth <= %s")
        params.append(months_back(at, 12 * youngest))
    if oldest is not None:
        parts.append("c.birth > %s")
        params.append(months_back(at, 12 * (oldest + 1)))
    return " AND ".join(parts), params


@dataclass
class RawFilters:
    scope_path: str = ""  # the actor's subtree ("" = everything)
    unit_path: str = ""  # the filter's subtree
    rank: int | None = None
    age_band: str = ""
    q: str = ""
    at: int = 0  # the month ages are computed at (yyyymm)


def like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def prefix_condition(column: str, text: str, vendor: str) -> tuple[str, list]:
    """What the ORM's ``column__prefix=text`` issues (``core.lookups``, not imported: no
    Django here): on SQLite the range up to the prefix with its last character + 1."""
    if vendor == "sqlite":
        return f"({column} >= %s AND {column} < %s)", [text, text[:-1] + chr(ord(text[-1]) + 1)]
    return f"{column} LIKE %s", [like_prefix(text)]


def subtree_condition(path: str, vendor: str) -> tuple[str, list]:
    """What ``accounts.scopes.subtree_q`` issues: below the top level a prefix, else LIKE."""
    if len(path) > PATH_STEP:
        return prefix_condition("u.path", path, vendor)
    escape = " ESCAPE '\\'" if vendor == "sqlite" else ""
    return f"u.path LIKE %s{escape}", [like_prefix(path)]


def where_clause(filters: RawFilters, vendor: str) -> tuple[str, list, bool]:
    """WHERE text, its parameters, and whether it needs the unit joined."""
    parts, params = ["c.status = %s"], ["active"]
    needs_unit = False
    for path in (filters.scope_path, filters.unit_path):
        if path:
            condition, condition_params = subtree_condition(path, vendor)
            parts.append(condition)
            params += condition_params
            needs_unit = True
    if filters.q:
        text = "".join(filters.q.split())
        if text.isascii() and text.isalpha():
            key = text.lower()  # as cadres.selectors.name_search_q: a range on both
            upper = key[:-1] + chr(ord(key[-1]) + 1)
            parts.append(
                "((c.name_pinyin >= %s AND c.name_pinyin < %s) "
                "OR (c.name_initials >= %s AND c.name_initials < %s))"
            )
            params += [key, upper, key, upper]
        else:
            name, name_params = prefix_condition("c.name", text, vendor)
            parts.append(name)
            params += name_params
    if filters.rank is not None:
        parts.append("c.rank = %s")
        params.append(filters.rank)
    if filters.age_band:
        text, band_params = age_band_condition(filters.age_band, filters.at)
        parts.append(text)
        params += band_params
    return " AND ".join(parts), params, needs_unit


def list_page(
    db: RawDatabase,
    filters: RawFilters,
    *,
    after: tuple | None = None,
    size: int = 50,
    order: str = "pinyin",
) -> tuple[list[tuple], list[tuple], int]:
    """One list page as the view does it: the page (+1 row), the tags of its cadres, and
    the bounded count. Returns (rows, tag rows, count)."""
    first, second = ORDERS[order]
    where, params, _ = where_clause(filters, db.vendor)
    page_where, page_params = where, list(params)
    if after is not None:
        page_where += f" AND c.{first} >= %s AND (c.{first} > %s OR (c.{first} = %s AND c.{second} > %s))"  # as core.pagination._after: led by the bound the index starts from
        page_params += [after[0], after[0], after[0], after[1]]
    rows = db.fetchall(
        f"SELECT {SELECT_LIST} FROM cadres_cadre c INNER JOIN orgs_unit u ON c.unit_id = u.id "  # noqa: S608
        f"WHERE {page_where} ORDER BY c.{first} ASC, c.{second} ASC LIMIT {size + 1:d}",
        page_params,
    )
    ids = [row[0] for row in rows[:size]]
    tags = tag_rows(db, ids)
    return rows[:size], tags, bounded_count(db, filters)


def tag_rows(db: RawDatabase, ids: list[int]) -> list[tuple]:
    if not ids:
        return []
    marks = ", ".join(["%s"] * len(ids))
    return db.fetchall(
        "SELECT ct.cadre_id, t.id, t.name, t.created_at FROM cadres_tag t "  # noqa: S608
        "INNER JOIN cadres_cadre_tags ct ON t.id = ct.tag_id "
        f"WHERE ct.cadre_id IN ({marks})",
        ids,
    )


def bounded_count(db: RawDatabase, filters: RawFilters, limit: int = COUNT_LIMIT) -> int:
    where, params, needs_unit = where_clause(filters, db.vendor)
    join = "INNER JOIN orgs_unit u ON c.unit_id = u.id " if needs_unit else ""
    count = db.fetchall(
        f"SELECT COUNT(*) FROM (SELECT c.id FROM cadres_cadre c {join}"  # noqa: S608
        f"WHERE {where} LIMIT {limit + 1:d}) sub",
        params,
    )[0][0]
    return min(count, limit)


def keyset_after(db: RawDatabase, filters: RawFilters, offset: int) -> tuple | None:
    """The (name_pinyin, id) of row ``offset`` of the list: the cursor of the page after it."""
    where, params, needs_unit = where_clause(filters, db.vendor)
    join = "INNER JOIN orgs_unit u ON c.unit_id = u.id " if needs_unit else ""
    rows = db.fetchall(
        f"SELECT c.name_pinyin, c.id FROM cadres_cadre c {join}WHERE {where} "  # noqa: S608
        f"ORDER BY c.name_pinyin, c.id LIMIT 1 OFFSET {max(offset - 1, 0):d}",
        params,
    )
    return rows[0] if rows else None


def detail(db: RawDatabase, pk: int, scope_path: str = "") -> dict[str, list[tuple]]:
    """Everything the detail page reads: the cadre and unit, its records, its history."""
    scope, params = "", [pk]
    if scope_path:
        condition, condition_params = subtree_condition(scope_path, db.vendor)
        scope, params = f" AND {condition}", [pk, *condition_params]
    result = {
        "cadre": db.fetchall(
            f"SELECT {SELECT_LIST} FROM cadres_cadre c INNER JOIN orgs_unit u "  # noqa: S608
            f"ON c.unit_id = u.id WHERE c.id = %s{scope}",
            params,
        )
    }
    for name, table, order in (
        ("resume", "cadres_resumeentry", "sort_order, start, id"),
        ("ranks", "cadres_rankrecord", "start, id"),
        ("family", "cadres_familymember", "sort_order, id"),
        ("rewards", "cadres_rewardpunishment", "date, id"),
    ):
        result[name] = db.fetchall(
            f"SELECT * FROM {table} WHERE cadre_id = %s ORDER BY {order}",  # noqa: S608
            [pk],
        )
    result["tenures"] = db.fetchall(
        "SELECT t.*, p.*, u.* FROM cadres_posttenure t INNER JOIN orgs_post p ON t.post_id = p.id "
        "INNER JOIN orgs_unit u ON p.unit_id = u.id WHERE t.cadre_id = %s ORDER BY t.start, t.id",
        [pk],
    )
    result["tags"] = tag_rows(db, [pk])
    result["history"] = db.fetchall(
        "SELECT * FROM audit_auditevent WHERE object_type = %s AND object_id = %s "
        "ORDER BY id DESC LIMIT 200",
        ["cadres.cadre", str(pk)],
    )
    return result


def age_band_case(at: int) -> tuple[str, list]:
    whens, params = [], []
    for band in AGE_BANDS:
        if band == "young":
            continue
        condition, band_params = age_band_condition(band, at)
        whens.append(f"WHEN {condition} THEN %s")
        params += [*band_params, band]
    return "CASE " + " ".join(whens) + " ELSE %s END", [*params, ""]


def education_case() -> tuple[str, list]:
    whens, params = [], []
    for band, codes in EDUCATION_BANDS.items():
        whens.append(f"WHEN c.education IN ({', '.join(['%s'] * len(codes))}) THEN %s")
        params += [*codes, band]
    return "CASE " + " ".join(whens) + " ELSE %s END", [*params, ""]


def structure(db: RawDatabase, filters: RawFilters) -> dict[str, dict[str, int]]:
    """The dashboard's figures: active cadres by rank, age band, gender, education band,
    ethnicity and leadership level, in one GROUP BY over the six (as the ORM does),
    summed per dimension."""
    where, params, needs_unit = where_clause(filters, db.vendor)
    join = "INNER JOIN orgs_unit u ON c.unit_id = u.id " if needs_unit else ""
    age, age_params = age_band_case(filters.at)
    education, education_params = education_case()
    rank = "+c.rank" if db.vendor == "sqlite" else "c.rank"  # core.expressions.Unindexed
    names = ("rank", "age_band", "gender", "education", "ethnicity", "leadership_level")
    rows = db.fetchall(
        f"SELECT {rank}, {age}, c.gender, {education}, c.ethnicity, c.leadership_level, "  # noqa: S608
        f"COUNT(c.id) FROM cadres_cadre c {join}WHERE {where} GROUP BY 1, 2, 3, 4, 5, 6",
        [*age_params, *education_params, *params],
    )
    figures: dict[str, dict[str, int]] = {name: {} for name in names}
    for row in rows:
        count = row[-1]
        for name, key in zip(names, row[:-1], strict=True):
            figures[name][str(key)] = figures[name].get(str(key), 0) + count
    return figures


def replay(db: RawDatabase, statements: list[tuple[str, list]]) -> int:
    """Run statements captured from the ORM (``cases.captured_statements``) through the
    driver, reading every row: the raw side of a case whose SQL is the ORM's own.

    On SQLite that SQL calls the functions Django's backend defines on each connection
    (``django_date_extract`` …): the same Python functions are registered here, once."""
    if db.vendor == "sqlite" and not getattr(db, "django_functions", False):
        from django.db.backends.sqlite3._functions import register

        register(db.connection)
        db.django_functions = True
    rows = 0
    for text, params in statements:
        rows += len(db.fetchall(text, params))
    return rows
