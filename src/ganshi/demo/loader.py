"""Loading the demo into the database: bulk inserts, one transaction per county.

``load(scale=..., seed=...)`` generates each county (``rows.generate_county``: the
structure from ``county``, the cadres from ``people``, flattened into rows) and writes
it in one transaction, so a killed process leaves all of a county or nothing of it.
Units, posts and party organisations go in with ``bulk_create`` (their materialised
paths computed beforehand, see ``county.assign_paths``); cadres and every child row with
``executemany`` in batches of 2,000; the cadres' ids are then read back by their unique
ID-number hash. For a province, worker processes (``workers``, default 2) generate the
next counties while this one writes; every county has its own random numbers, so the
result is the same with any number of workers.

Volume generators (adding a module's rows to the demo)
------------------------------------------------------
A module that wants demo data of its own (training attendances, party members, grid
issues …) adds ``src/ganshi/<app>/demo.py`` with functions registered with
``@volume_generator``::

    from ganshi.demo.loader import CountyContext, volume_generator
    from ganshi.training.models import Attendance

    @volume_generator(order=200)
    def training_attendances(context: CountyContext) -> None:
        rows = (
            (cadre.id, ...)
            for cadre in context.cadres
            if cadre.status == "active" and context.rng.random() < 0.8
        )
        context.insert(Attendance, ("cadre_id", ...), rows)

The loader imports ``<app>.demo`` of every installed app (as the admin does with
``admin.py``) and calls each generator once per county, in ``order`` then name, inside
the county's transaction, after its units, posts, party organisations, cadres (and, in
the first county, the demo users) are written. The context carries the generator's own
``random.Random`` (seeded from the load's seed, the county code and the generator's
name: adding a generator never changes another's rows), the county's plans with their
database ids (``units``, ``party_orgs``, ``posts``, ``cadres`` as ``rows.DemoCadre``),
the size asked for (``size.cadres`` …) and ``insert``, which writes plain tuples in
batches, encrypts encrypted fields, fills ``created_at``/``updated_at``, and advances the
progress bar. Values are the database's: year-months as ``yyyymm`` integers
(``timeline.to_int``), foreign keys as ids, and dates relative to
``timeline.REFERENCE_DATE`` (2026-06-30), never to today.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import random
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from ganshi.audit.models import AuditAction
from ganshi.audit.services import audit_record
from ganshi.cadres.models import (
    Cadre,
    FamilyMember,
    PostTenure,
    RankRecord,
    ResumeEntry,
    RewardPunishment,
    Tag,
)
from ganshi.core.field_encryption import EncryptedTextField, encrypt
from ganshi.core.planner_statistics import refresh_statistics
from ganshi.demo import timeline, worker
from ganshi.demo.county import (
    CountySize,
    CountySpec,
    CountyStructure,
    PartyOrgPlan,
    PostPlan,
    UnitPlan,
    assign_paths,
    step,
)
from ganshi.demo.people import TAGS
from ganshi.demo.province import PROVINCE, county_specs
from ganshi.demo.rows import (
    CADRE_FIELDS,
    FAMILY_FIELDS,
    RANK_FIELDS,
    RESUME_FIELDS,
    REWARD_FIELDS,
    TENURE_FIELDS,
    CountyPlan,
    DemoCadre,
    county_rng,
    generate_county,
)
from ganshi.demo.users import DemoLogin, create_demo_users
from ganshi.orgs.models import AdminLevel, PartyOrg, PartyOrgKind, Post, Quota, Unit, UnitKind

BATCH_SIZE = 2000
COUNTY = "county"
PROVINCE_SCALE = "province"
SCALES = (COUNTY, PROVINCE_SCALE)
PROVINCE_COUNTIES = 100


class NotEmptyError(Exception):
    """The database already holds units: the demo only loads into an empty database."""


# ---------------------------------------------------------------------------------------
# Writing rows


class RowWriter:
    """Inserts plain tuples with ``executemany`` in batches, inside the caller's transaction."""

    def __init__(self, progress: Callable[[int], Any] | None = None) -> None:
        self.progress = progress
        self.counts: Counter[str] = Counter()
        self._statements: dict[tuple, tuple[str, list[int], tuple]] = {}

    def _statement(
        self, model: type[models.Model], fields: tuple[str, ...]
    ) -> tuple[str, list[int], tuple]:
        """The INSERT (or, on PostgreSQL, COPY) statement, the encrypted columns, and the
        values of the columns the model fills itself (``created_at`` …)."""
        key = (model, fields)
        if key not in self._statements:
            meta = model._meta
            model_fields = [meta.get_field(name) for name in fields]
            columns = [model_field.column for model_field in model_fields]
            encrypted = [
                index
                for index, model_field in enumerate(model_fields)
                if isinstance(model_field, EncryptedTextField)
            ]
            now = timezone.now()
            constants = []
            for model_field in meta.concrete_fields:
                automatic = getattr(model_field, "auto_now", False) or getattr(
                    model_field, "auto_now_add", False
                )
                if automatic and model_field.name not in fields:
                    columns.append(model_field.column)
                    constants.append(model_field.get_db_prep_save(now, connection))
            # Names from the model's _meta, quoted; every value is a parameter.
            quote = connection.ops.quote_name
            table = quote(meta.db_table)
            column_list = ", ".join(quote(column) for column in columns)
            if connection.vendor == "postgresql":
                sql = f"COPY {table} ({column_list}) FROM STDIN"
            else:
                placeholders = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})"  # noqa: S608
            self._statements[key] = (sql, encrypted, tuple(constants))
        return self._statements[key]

    def insert(
        self,
        model: type[models.Model],
        fields: Sequence[str],
        rows: Iterable[Sequence],
        *,
        encrypted: bool = False,
    ) -> int:
        """Insert ``rows`` (tuples in the order of ``fields``). Encrypted fields are
        encrypted here unless ``encrypted`` says the rows hold them encrypted already."""
        sql, encrypted_columns, constants = self._statement(model, tuple(fields))
        if encrypted:
            encrypted_columns = []
        total = 0
        batch: list[tuple] = []
        with connection.cursor() as cursor:
            for row in rows:
                if encrypted_columns:
                    values = list(row)
                    for index in encrypted_columns:
                        if values[index]:
                            values[index] = encrypt(values[index])
                    row = values
                batch.append((*row, *constants) if constants else tuple(row))
                if len(batch) >= BATCH_SIZE:
                    total += self._write(cursor, sql, batch)
                    batch = []
            if batch:
                total += self._write(cursor, sql, batch)
        self.counts[model._meta.label] += total
        return total

    def _write(self, cursor, sql: str, batch: list[tuple]) -> int:
        if sql.startswith("COPY"):
            with cursor.cursor.copy(sql) as copy:
                for row in batch:
                    copy.write_row(row)
        else:
            cursor.executemany(sql, batch)
        self._advance(len(batch))
        return len(batch)

    def bulk_create(
        self, model: type[models.Model], objects: list[models.Model]
    ) -> list[models.Model]:
        """``bulk_create`` (which sets the ids), counted."""
        created = model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        self.counts[model._meta.label] += len(created)
        self._advance(len(created))
        return created

    def _advance(self, count: int) -> None:
        if self.progress is not None:
            self.progress(count)


# ---------------------------------------------------------------------------------------
# Volume generators


@dataclasses.dataclass
class CountyContext:
    """What a volume generator gets for one county (see the module docstring)."""

    seed: int
    index: int
    spec: CountySpec
    size: CountySize
    rng: random.Random
    structure: CountyStructure
    cadres: list[DemoCadre]
    writer: RowWriter
    reference_date = timeline.REFERENCE_DATE

    @property
    def units(self) -> list[UnitPlan]:
        return self.structure.units

    @property
    def party_orgs(self) -> list[PartyOrgPlan]:
        return self.structure.party_orgs

    @property
    def posts(self) -> list[PostPlan]:
        return self.structure.posts

    def insert(
        self, model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]
    ) -> int:
        return self.writer.insert(model, fields, rows)


@dataclasses.dataclass(frozen=True)
class VolumeGenerator:
    name: str
    order: int
    function: Callable[[CountyContext], None]


_GENERATORS: dict[str, VolumeGenerator] = {}
_discovered = False


def volume_generator(name: str | None = None, *, order: int = 100):
    """Register a function to call once per county with a ``CountyContext``."""

    def register(function: Callable[[CountyContext], None]):
        key = name or f"{function.__module__}.{function.__qualname__}"
        _GENERATORS[key] = VolumeGenerator(key, order, function)
        return function

    return register


def volume_generators() -> list[VolumeGenerator]:
    global _discovered
    if not _discovered:
        autodiscover_modules("demo")
        _discovered = True
    return sorted(_GENERATORS.values(), key=lambda generator: (generator.order, generator.name))


# ---------------------------------------------------------------------------------------
# Loading


@dataclasses.dataclass
class LoadResult:
    scale: str
    seed: int
    counties: int
    counts: Counter
    logins: list[DemoLogin]
    elapsed: float

    @property
    def units(self) -> int:
        return self.counts[Unit._meta.label]

    @property
    def posts(self) -> int:
        return self.counts[Post._meta.label]

    @property
    def cadres(self) -> int:
        return self.counts[Cadre._meta.label]

    @property
    def party_orgs(self) -> int:
        return self.counts[PartyOrg._meta.label]

    @property
    def users(self) -> int:
        return sum(1 for login in self.logins if login.created)


def database_is_empty() -> bool:
    return not Unit.objects.exists()


def load(
    *,
    scale: str = COUNTY,
    seed: int = 1,
    size: CountySize | None = None,
    counties: int | None = None,
    workers: int | None = None,
    progress: bool = False,
) -> LoadResult:
    """Generate and write the demo; raise NotEmptyError when any unit exists.

    ``counties`` (province only) defaults to 100; ``workers`` to 2 generating processes
    for a province and none (generate in this process) for a county.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}")
    if not database_is_empty():
        raise NotEmptyError
    started = time.monotonic()
    size = size or CountySize()
    specs = county_specs(1 if scale == COUNTY else counties or PROVINCE_COUNTIES)
    if workers is None:
        workers = min(2, os.cpu_count() or 1) if len(specs) > 1 else 0
    county_bar = rows_bar = None
    if progress:
        from tqdm import tqdm

        county_bar = tqdm(total=len(specs), unit="county", desc="counties", position=0)
        rows_bar = tqdm(unit=" rows", desc="rows", position=1, unit_scale=True)
    writer = RowWriter(progress=rows_bar.update if rows_bar is not None else None)
    generators = volume_generators()
    logins: list[DemoLogin] = []
    tag_ids: dict[str, int] = {}
    province: tuple[UnitPlan, PartyOrgPlan] | None = None
    previous_cache = _enlarge_sqlite_cache()
    try:
        for index, plan in enumerate(_plans(specs, seed, size, workers)):
            with transaction.atomic():
                if scale == PROVINCE_SCALE and province is None:
                    province = _write_province(writer, len(specs))
                _place(plan.structure, index, province)
                if not tag_ids:
                    tag_ids = {name: Tag.objects.get_or_create(name=name)[0].pk for name in TAGS}
                _write_county(writer, plan, tag_ids)
                if index == 0:
                    logins = _create_users(plan.structure, province)
                    writer.counts["accounts.User"] += sum(1 for login in logins if login.created)
                for generator in generators:
                    generator.function(
                        CountyContext(
                            seed=seed,
                            index=index,
                            spec=plan.spec,
                            size=size,
                            rng=county_rng(seed, plan.spec, generator.name),
                            structure=plan.structure,
                            cadres=plan.cadres,
                            writer=writer,
                        )
                    )
                if index == len(specs) - 1:
                    _record(scale, seed, len(specs), writer.counts)
            if county_bar is not None:
                county_bar.update(1)
        refresh_statistics()  # the planner's view of tables that were empty a moment ago
    finally:
        _restore_sqlite_cache(previous_cache)
        if county_bar is not None:
            county_bar.close()
            rows_bar.close()
    return LoadResult(
        scale=scale,
        seed=seed,
        counties=len(specs),
        counts=writer.counts,
        logins=logins,
        elapsed=time.monotonic() - started,
    )


# SQLite's page cache while loading (KiB): inserting into the indexes of a table of
# 500,000 rows with the default 2 MB costs a quarter more time.
SQLITE_LOAD_CACHE_KIB = 256 * 1024


def _enlarge_sqlite_cache() -> int | None:
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_LOAD_CACHE_KIB}")
    return previous


def _restore_sqlite_cache(previous: int | None) -> None:
    if previous is not None:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _plans(
    specs: list[CountySpec], seed: int, size: CountySize, workers: int
) -> Iterator[CountyPlan]:
    """The counties' plans in order; generated ahead by ``workers`` processes if any."""
    if workers <= 0:
        for spec in specs:
            yield generate_county(seed, spec, size)
        return
    context = multiprocessing.get_context("spawn")  # no inherited database connections
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=worker.initialise
    )
    try:
        pending = deque()
        remaining = iter(specs)
        for spec in remaining:
            pending.append(pool.submit(worker.generate, seed, spec, size))
            if len(pending) >= workers + 1:  # bounded: at most a few counties in memory
                break
        while pending:
            plan = pending.popleft().result()
            spec = next(remaining, None)
            if spec is not None:
                pending.append(pool.submit(worker.generate, seed, spec, size))
            yield plan
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _create_users(
    structure: CountyStructure, province: tuple[UnitPlan, PartyOrgPlan] | None
) -> list[DemoLogin]:
    county = Unit.objects.get(pk=structure.root.id)
    township = Unit.objects.get(pk=structure.townships[0].id) if structure.townships else county
    top = Unit.objects.get(pk=province[0].id) if province is not None else county
    return create_demo_users(top=top, county=county, township=township)


def _record(scale: str, seed: int, counties: int, counts: Counter) -> None:
    audit_record(
        actor=None,
        action=AuditAction.SYSTEM,
        object_type="demo",
        object_repr=f"demo {scale}",
        after={
            "scale": scale,
            "seed": seed,
            "counties": counties,
            **{key: counts[key] for key in sorted(counts)},
        },
    )


def _next_root_path(model: type[Unit] | type[PartyOrg]) -> str:
    last = model.objects.get_last_root_node()
    return step(model._str2int(last.path) + 1 if last else 1)


def _write_province(writer: RowWriter, counties: int) -> tuple[UnitPlan, PartyOrgPlan]:
    province = UnitPlan(
        code=PROVINCE["code"],
        name=PROVINCE["name"],
        short_name=PROVINCE["short_name"],
        kind=UnitKind.PROVINCE.value,
        admin_level=AdminLevel.PROVINCIAL.value,
    )
    assign_paths(province, _next_root_path(Unit), 1)
    party = PartyOrgPlan(
        code=f"{province.code}-P1",
        name=f"中共{PROVINCE['name']}委员会",
        kind=PartyOrgKind.COMMITTEE.value,
        unit=province,
    )
    assign_paths(party, _next_root_path(PartyOrg), 1)
    _write_units(writer, [province], numchild=counties)
    _write_party_orgs(writer, [party], numchild=counties)
    return province, party


def _place(
    structure: CountyStructure, index: int, province: tuple[UnitPlan, PartyOrgPlan] | None
) -> None:
    """The county's tree paths: a root of its own, or the index-th child of the province."""
    if province is None:
        assign_paths(structure.root, _next_root_path(Unit), 1)
        assign_paths(structure.party_root, _next_root_path(PartyOrg), 1)
    else:
        unit, party = province
        assign_paths(structure.root, unit.path + step(index + 1), 2)
        assign_paths(structure.party_root, party.path + step(index + 1), 2)


def _write_units(writer: RowWriter, units: list[UnitPlan], numchild: int | None = None) -> None:
    objects = [
        Unit(
            path=unit.path,
            depth=unit.depth,
            numchild=unit.numchild if numchild is None else numchild,
            name=unit.name,
            short_name=unit.short_name,
            code=unit.code,
            kind=unit.kind,
            admin_level=unit.admin_level,
        )
        for unit in units
    ]
    for unit, created in zip(units, writer.bulk_create(Unit, objects), strict=True):
        unit.id = created.pk


def _write_party_orgs(
    writer: RowWriter, orgs: list[PartyOrgPlan], numchild: int | None = None
) -> None:
    objects = [
        PartyOrg(
            path=org.path,
            depth=org.depth,
            numchild=org.numchild if numchild is None else numchild,
            name=org.name,
            code=org.code,
            kind=org.kind,
            unit_id=org.unit.id,
        )
        for org in orgs
    ]
    for org, created in zip(orgs, writer.bulk_create(PartyOrg, objects), strict=True):
        org.id = created.pk


def _write_county(writer: RowWriter, plan: CountyPlan, tag_ids: dict[str, int]) -> None:
    structure = plan.structure
    _write_units(writer, structure.units)
    posts = [
        Post(
            unit_id=post.unit.id,
            name=post.name,
            leadership_level=post.level,
            seats=post.seats,
            sort_order=post.sort_order,
        )
        for post in structure.posts
    ]
    for post, created in zip(structure.posts, writer.bulk_create(Post, posts), strict=True):
        post.id = created.pk
    writer.insert(
        Quota,
        ("unit_id", "leadership_level", "approved", "document_number"),
        (
            (quota.unit.id, quota.level, quota.approved, quota.document_number)
            for quota in structure.quotas
        ),
    )
    _write_party_orgs(writer, structure.party_orgs)

    unit_ids = [unit.id for unit in structure.units]
    writer.insert(
        Cadre,
        CADRE_FIELDS,
        ((*row[:-1], unit_ids[row[-1]]) for row in plan.cadre_rows),
        encrypted=True,
    )
    by_hash = dict(
        Cadre.objects.filter(unit__path__startswith=structure.root.path).values_list(
            "id_number_hash", "id"
        )
    )
    cadre_ids = [by_hash[digest] for digest in plan.hashes]
    for cadre in plan.cadres:
        cadre.id = cadre_ids[cadre.index]
    post_ids = [post.id for post in structure.posts]

    writer.insert(
        ResumeEntry, RESUME_FIELDS, ((cadre_ids[row[0]], *row[1:]) for row in plan.resume_rows)
    )
    writer.insert(
        PostTenure,
        TENURE_FIELDS,
        ((cadre_ids[row[0]], post_ids[row[1]], *row[2:]) for row in plan.tenure_rows),
    )
    writer.insert(
        RankRecord, RANK_FIELDS, ((cadre_ids[row[0]], *row[1:]) for row in plan.rank_rows)
    )
    writer.insert(
        FamilyMember, FAMILY_FIELDS, ((cadre_ids[row[0]], *row[1:]) for row in plan.family_rows)
    )
    writer.insert(
        RewardPunishment, REWARD_FIELDS, ((cadre_ids[row[0]], *row[1:]) for row in plan.reward_rows)
    )
    writer.insert(
        Cadre.tags.through,
        ("cadre_id", "tag_id"),
        ((cadre_ids[index], tag_ids[name]) for index, name in plan.tag_rows),
    )
