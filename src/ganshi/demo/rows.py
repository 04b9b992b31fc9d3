"""One county, generated and turned into database rows (in a worker process for a province).

``generate_people`` is the pure part: the county's structure and cadres for a seed.
``generate_county`` adds what costs time per row — pinyin keys, the keyed hash and the
encryption of ID numbers, phones and addresses — and flattens everything into tuples in
the column order the loader inserts. References between rows are indexes (a cadre's
unit is its index in ``structure.units``, a tenure's cadre and post are indexes into the
cadre and post lists) until the loader knows the database ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ganshi.core.field_encryption import encrypt, keyed_hash
from ganshi.core.pinyin import name_keys
from ganshi.demo.county import CountySize, CountySpec, CountyStructure, UnitPlan, build_county
from ganshi.demo.people import CadrePlan, CountyPeople, IdNumbers
from ganshi.demo.randomness import DemoRandom
from ganshi.demo.timeline import to_int

# Cadre columns, in row order; unit_id is last (an index into structure.units until written).
CADRE_FIELDS = tuple(
    "name name_pinyin name_initials gender birth id_number id_number_hash ethnicity"
    " native_place birthplace political_status party_entry work_start health"
    " professional_title specialties fulltime_education fulltime_degree fulltime_school"
    " inservice_education inservice_degree inservice_school education current_post"
    " category rank leadership_level status phone home_address notes photo unit_id".split()
)
RESUME_FIELDS = ("cadre_id", "start", "end", "text", "is_sub_entry", "sort_order")
TENURE_FIELDS = ("cadre_id", "post_id", "start", "end", "document_number")
RANK_FIELDS = ("cadre_id", "rank", "start", "document_number")
FAMILY_FIELDS = tuple(
    "cadre_id relation name birth political_status workplace is_social_relation sort_order".split()
)
REWARD_FIELDS = ("cadre_id", "kind", "date", "description", "authority")


@dataclass(eq=False, slots=True)
class DemoCadre:
    """What a volume generator may want to know about a cadre (``id`` once written)."""

    index: int
    name: str
    gender: str
    birth: int  # month number (demo.timeline); timeline.to_int gives yyyymm
    political_status: str
    party_entry: int | None
    category: str
    leadership_level: str
    rank: int
    status: str
    unit: UnitPlan
    id: int | None = None


@dataclass(eq=False)
class CountyPlan:
    seed: int
    spec: CountySpec
    size: CountySize
    structure: CountyStructure
    cadres: list[DemoCadre]
    hashes: list[str]  # id_number_hash of each cadre, to find their ids once inserted
    cadre_rows: list[tuple] = field(default_factory=list)
    resume_rows: list[tuple] = field(default_factory=list)
    tenure_rows: list[tuple] = field(default_factory=list)
    rank_rows: list[tuple] = field(default_factory=list)
    family_rows: list[tuple] = field(default_factory=list)
    reward_rows: list[tuple] = field(default_factory=list)
    tag_rows: list[tuple[int, str]] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return sum(
            len(rows)
            for rows in (
                self.cadre_rows,
                self.resume_rows,
                self.tenure_rows,
                self.rank_rows,
                self.family_rows,
                self.reward_rows,
                self.tag_rows,
            )
        )


def county_rng(seed: int, spec: CountySpec, purpose: str = "") -> DemoRandom:
    """The random numbers of one county (and, with ``purpose``, of one generator in it)."""
    return DemoRandom(f"ganshi-demo/{seed}/{spec.code}" + (f"/{purpose}" if purpose else ""))


def generate_people(
    seed: int, spec: CountySpec, size: CountySize
) -> tuple[CountyStructure, list[CadrePlan]]:
    """The county's units, posts, party organisations, quotas and cadres (no DB, no I/O)."""
    rng = county_rng(seed, spec)
    structure = build_county(spec, size, rng)
    people = CountyPeople(structure, size, rng, IdNumbers(spec.index, spec.code))
    cadres = people.cadres()
    structure.quotas = people.quotas(cadres)
    return structure, cadres


_NAME_KEYS: dict[str, tuple[str, str]] = {}


def _name_keys(name: str) -> tuple[str, str]:
    """core.pinyin.name_keys, remembered for the process (names repeat across counties)."""
    keys = _NAME_KEYS.get(name)
    if keys is None:
        if len(_NAME_KEYS) > 400_000:
            _NAME_KEYS.clear()
        keys = _NAME_KEYS[name] = name_keys(name)
    return keys


def generate_county(seed: int, spec: CountySpec, size: CountySize) -> CountyPlan:
    structure, cadres = generate_people(seed, spec, size)
    unit_index = {id(unit): index for index, unit in enumerate(structure.units)}
    post_index = {id(post): post.index for post in structure.posts}
    plan = CountyPlan(
        seed=seed,
        spec=spec,
        size=size,
        structure=structure,
        cadres=[],
        hashes=[],
    )
    cadre_rows = plan.cadre_rows
    resume_rows = plan.resume_rows
    tenure_rows = plan.tenure_rows
    rank_rows = plan.rank_rows
    family_rows = plan.family_rows
    reward_rows = plan.reward_rows
    tag_rows = plan.tag_rows
    for index, cadre in enumerate(cadres):
        pinyin, initials = _name_keys(cadre.name)
        digest = keyed_hash(cadre.id_number)
        plan.hashes.append(digest)
        party_entry = to_int(cadre.party_entry) if cadre.party_entry is not None else None
        cadre_rows.append(
            (
                cadre.name,
                pinyin,
                initials,
                cadre.gender,
                to_int(cadre.birth),
                encrypt(cadre.id_number),
                digest,
                cadre.ethnicity,
                cadre.native_place,
                cadre.birthplace,
                cadre.political_status,
                party_entry,
                to_int(cadre.work_start),
                cadre.health,
                cadre.professional_title,
                cadre.specialties,
                cadre.fulltime_education,
                cadre.fulltime_degree,
                cadre.fulltime_school,
                cadre.inservice_education,
                cadre.inservice_degree,
                cadre.inservice_school,
                cadre.education,
                cadre.current_post,
                cadre.category,
                cadre.rank,
                cadre.leadership_level,
                cadre.status,
                encrypt(cadre.phone) if cadre.phone else "",
                encrypt(cadre.home_address) if cadre.home_address else "",
                "",
                "",
                unit_index[id(cadre.unit)],
            )
        )
        plan.cadres.append(
            DemoCadre(
                index=index,
                name=cadre.name,
                gender=cadre.gender,
                birth=cadre.birth,
                political_status=cadre.political_status,
                party_entry=cadre.party_entry,
                category=cadre.category,
                leadership_level=cadre.leadership_level,
                rank=cadre.rank,
                status=cadre.status,
                unit=cadre.unit,
            )
        )
        for order, (start, end, line, is_sub) in enumerate(cadre.resume, start=1):
            resume_rows.append(
                (
                    index,
                    to_int(start),
                    to_int(end) if end is not None else None,
                    line,
                    is_sub,
                    order,
                )
            )
        for post, start, end, document in cadre.tenures:
            tenure_rows.append(
                (
                    index,
                    post_index[id(post)],
                    to_int(start),
                    to_int(end) if end is not None else None,
                    document,
                )
            )
        for rank, start, document in cadre.ranks:
            rank_rows.append((index, rank, to_int(start), document))
        for order, (relation, name, birth, status, workplace, social) in enumerate(
            cadre.family, start=1
        ):
            family_rows.append(
                (
                    index,
                    relation,
                    name,
                    to_int(birth) if birth is not None else None,
                    status,
                    workplace,
                    social,
                    order,
                )
            )
        for kind, date, description, authority in cadre.rewards:
            reward_rows.append((index, kind, to_int(date), description, authority))
        for tag in cadre.tags:
            tag_rows.append((index, tag))
    return plan
