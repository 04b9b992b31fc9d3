"""The columns of a cadre roster (干部花名册): the titles people give them, and how to read
what people type in them.

The Chinese titles are data, not interface text: they are what county offices write at the
top of their sheets, so they are matched (and written, by the export and the template)
whatever the interface language. Messages about bad values go through gettext.

A header is recognised after normalisation (``normalise_title``): whitespace and
required-field marks removed, full-width letters, digits and brackets made half-width,
a bracketed note dropped (``身份证号（18位）`` → ``身份证号``). A two-row header (``全日制教育``
over ``学历``/``学位``/``毕业院校系及专业``) is read by joining the group and the column title.
"""

from __future__ import annotations

import datetime
import enum
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ganshi.cadres.choices import CadreCategory, Gender, Rank
from ganshi.core.code_tables import ETHNICITY_CHOICES, Degree, Education, PoliticalStatus
from ganshi.core.year_month import YearMonth

# Column titles that are known and deliberately not imported.
SEQUENCE_TITLE = "序号"
AGE_TITLE = "年龄"
LEADERSHIP_LEVEL_TITLE = "领导职务层次"
ERROR_REASON_TITLE = "错误原因"
ORIGINAL_ROW_TITLE = "原行号"
IGNORED_TITLES = frozenset(
    {
        SEQUENCE_TITLE,
        "编号",
        AGE_TITLE,
        LEADERSHIP_LEVEL_TITLE,
        ERROR_REASON_TITLE,
        ORIGINAL_ROW_TITLE,
    }
)
# The pseudo-field of the unit column: resolved against the units in the user's scope.
UNIT_FIELD = "unit"
# Text standing for "nothing" in a cell.
EMPTY_MARKS = frozenset({"", "-", "--", "—", "——", "/", "无", "空", "null", "NULL", "None"})
# Fields where "无" is a value rather than nothing.
_NONE_IS_VALUE = frozenset({"rank"})

# Full-width ASCII (letters, digits, punctuation) and the ideographic space to ASCII.
_FULLWIDTH_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH_ASCII[0x3000] = 0x20
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】")
_TITLE_MARKS = "*＊※★☆:："


def halfwidth(text: str) -> str:
    """Full-width letters, digits and ASCII punctuation to their half-width forms."""
    return text.translate(_FULLWIDTH_ASCII)


def normalise_title(value: Any) -> str:
    """The comparable form of a header cell (see the module docstring)."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    text = "".join(text.split())
    text = _BRACKETED.sub("", text)
    return text.strip(_TITLE_MARKS)


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a spurious ``.0``, dates as ISO, spaces trimmed."""
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def is_blank(value: Any) -> bool:
    return cell_text(value) == ""


# --- value parsers: raise ValueError with the message shown for the cell ----------------


def parse_text(value: Any) -> str:
    return cell_text(value)


def parse_name(value: Any) -> str:
    return "".join(cell_text(value).split())


_GENDERS = {
    "男": Gender.MALE,
    "男性": Gender.MALE,
    "M": Gender.MALE,
    "MALE": Gender.MALE,
    "女": Gender.FEMALE,
    "女性": Gender.FEMALE,
    "F": Gender.FEMALE,
    "FEMALE": Gender.FEMALE,
}


def parse_gender(value: Any) -> str:
    text = halfwidth(cell_text(value)).upper()
    try:
        return _GENDERS[text]
    except KeyError:
        raise ValueError(
            _("“%(value)s” is not a gender; write 男 or 女.") % {"value": cell_text(value)}
        ) from None


# Excel's day 0 (serial 60 is the 29 February 1900 that never was: Lotus's bug).
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_SERIAL_LIMIT = 80_000  # 2119: larger numbers are not dates


def parse_year_month(value: Any) -> YearMonth:
    """Every spelling: 1985.03, 1985.3, 1985年3月, 198503, 19850312, 1985-03, 1985/3/1,
    a date cell, or an Excel date serial (31107)."""
    if isinstance(value, datetime.datetime | datetime.date):
        return YearMonth.from_date(value)
    if isinstance(value, bool):
        raise ValueError(
            _("“%(text)s” is not a year-month; write it as 1985.03.") % {"text": value}
        )
    if isinstance(value, int | float):
        number = float(value)
        if number.is_integer():
            whole = int(number)
            if 190001 <= whole <= 220012 or 19000101 <= whole <= 22001231:
                return YearMonth.parse(str(whole))
            if 0 < whole < _SERIAL_LIMIT and not 1900 <= whole <= 2200:
                return YearMonth.from_date(_EXCEL_EPOCH + datetime.timedelta(days=whole))
        elif 1900 <= number < 2201:
            return YearMonth.parse(repr(number))
        elif 0 < number < _SERIAL_LIMIT:
            return YearMonth.from_date(_EXCEL_EPOCH + datetime.timedelta(days=int(number)))
        return YearMonth.parse(cell_text(value))
    return YearMonth.parse(halfwidth(cell_text(value)))


_ETHNICITIES: dict[str, str] = {}
for _code, _name in ETHNICITY_CHOICES:
    _ETHNICITIES[_name] = _code
    _ETHNICITIES[_name.removesuffix("族")] = _code
    _ETHNICITIES[_code] = _code
_ETHNICITIES["穿青人"] = ""  # recognised by some provinces, not by GB 3304


def parse_ethnicity(value: Any) -> str:
    text = halfwidth(cell_text(value))
    code = _ETHNICITIES.get(text)
    if not code:
        raise ValueError(
            _("“%(value)s” is not one of the 56 ethnic groups; write e.g. 汉族 or 壮族.")
            % {"value": text}
        )
    return code


_POLITICAL: dict[str, str] = {label: code for code, label in PoliticalStatus.choices}
_POLITICAL.update(
    {
        "党员": PoliticalStatus.CPC_MEMBER,
        "共产党员": PoliticalStatus.CPC_MEMBER,
        "中国共产党党员": PoliticalStatus.CPC_MEMBER,
        "中共": PoliticalStatus.CPC_MEMBER,
        "预备党员": PoliticalStatus.CPC_PROBATIONARY,
        "中国共产党预备党员": PoliticalStatus.CPC_PROBATIONARY,
        "团员": PoliticalStatus.CYL_MEMBER,
        "共青团": PoliticalStatus.CYL_MEMBER,
        "中国共产主义青年团团员": PoliticalStatus.CYL_MEMBER,
        "民革": PoliticalStatus.RCCK,
        "民革会员": PoliticalStatus.RCCK,
        "民盟": PoliticalStatus.CDL,
        "民建": PoliticalStatus.CNDCA,
        "民进": PoliticalStatus.CAPD,
        "农工党": PoliticalStatus.CPWDP,
        "致公党": PoliticalStatus.CZGP,
        "九三学社": PoliticalStatus.JIUSAN,
        "台盟": PoliticalStatus.TDSGL,
        "无党派": PoliticalStatus.INDEPENDENT,
        "无党派民主人士": PoliticalStatus.INDEPENDENT,
        "群众": PoliticalStatus.MASSES,
    }
)
for _code in PoliticalStatus.values:
    _POLITICAL[_code] = _code


def parse_political_status(value: Any) -> str:
    text = halfwidth(cell_text(value))
    try:
        return _POLITICAL[text]
    except KeyError:
        raise ValueError(
            _("“%(value)s” is not a political status; write e.g. 中共党员, 共青团员 or 群众.")
            % {"value": text}
        ) from None


# Education words people write, after removing a party-school prefix and 毕业/学历.
_EDUCATION = {label: code for code, label in Education.choices}
_EDUCATION.update(
    {
        "博士": Education.DOCTORATE,
        "研究生博士": Education.DOCTORATE,
        "硕士": Education.MASTER,
        "研究生": Education.MASTER,
        "研究生硕士": Education.MASTER,
        "本科": Education.BACHELOR,
        "大学": Education.BACHELOR,
        "大本": Education.BACHELOR,
        "专科": Education.JUNIOR_COLLEGE,
        "大专": Education.JUNIOR_COLLEGE,
        "中专": Education.SECONDARY_SPECIALISED,
        "中等专业学校": Education.SECONDARY_SPECIALISED,
        "技校": Education.TECHNICAL,
        "技工": Education.TECHNICAL,
        "普通高中": Education.HIGH_SCHOOL,
        "职高": Education.HIGH_SCHOOL,
        "职业高中": Education.HIGH_SCHOOL,
        "高中及以下": Education.HIGH_SCHOOL,
    }
)
for _code in Education.values:
    _EDUCATION[_code] = _code
_PARTY_SCHOOL = re.compile(r"^(中央|省委|市委|州委|县委|区委)?党校")


def parse_education(value: Any) -> str:
    original = halfwidth(cell_text(value))
    text = normalise_title(original)
    text = _PARTY_SCHOOL.sub("", text)
    for suffix in ("毕业", "结业", "学历", "教育"):
        text = text.removesuffix(suffix)
    code = _EDUCATION.get(text)
    if code is None:
        raise ValueError(
            _("“%(value)s” is not an education level; write e.g. 大学本科, 大学专科 or 研究生.")
            % {"value": original}
        )
    return code


def parse_degree(value: Any) -> str:
    original = halfwidth(cell_text(value))
    text = normalise_title(original).removesuffix("学位")
    for code, label in Degree.choices:
        if text == code or text.endswith(label):
            return code
    raise ValueError(
        _("“%(value)s” is not a degree; write 学士, 硕士 or 博士 (e.g. 法学学士).")
        % {"value": original}
    )


# The ranks by their Chinese names (data: the names on every roster, whatever the
# interface language; GLOSSARY.md's rank ladder).
RANK_TITLES = {
    Rank.FIRST_INSPECTOR: "一级巡视员",
    Rank.SECOND_INSPECTOR: "二级巡视员",
    Rank.FIRST_RESEARCHER: "一级调研员",
    Rank.SECOND_RESEARCHER: "二级调研员",
    Rank.THIRD_RESEARCHER: "三级调研员",
    Rank.FOURTH_RESEARCHER: "四级调研员",
    Rank.FIRST_PRINCIPAL_STAFF: "一级主任科员",
    Rank.SECOND_PRINCIPAL_STAFF: "二级主任科员",
    Rank.THIRD_PRINCIPAL_STAFF: "三级主任科员",
    Rank.FOURTH_PRINCIPAL_STAFF: "四级主任科员",
    Rank.FIRST_STAFF: "一级科员",
    Rank.SECOND_STAFF: "二级科员",
}
_RANKS: dict[str, int] = {title: int(rank) for rank, title in RANK_TITLES.items()}
_RANKS.update({"无": int(Rank.NONE), "无职级": int(Rank.NONE), "未定职级": int(Rank.NONE)})


def rank_title(rank: int) -> str:
    """The Chinese name of a rank (四级主任科员); empty for no rank."""
    return RANK_TITLES.get(rank, "")


def parse_rank(value: Any) -> int:
    text = normalise_title(halfwidth(cell_text(value)))
    try:
        return _RANKS[text]
    except KeyError:
        raise ValueError(
            _("“%(value)s” is not a rank; write e.g. 四级主任科员 or 一级科员.")
            % {"value": cell_text(value)}
        ) from None


_CATEGORIES = {
    "公务员": CadreCategory.CIVIL_SERVANT,
    "行政": CadreCategory.CIVIL_SERVANT,
    "行政编制": CadreCategory.CIVIL_SERVANT,
    "参公": CadreCategory.CIVIL_SERVANT,
    "参照公务员法管理": CadreCategory.CIVIL_SERVANT,
    "参照管理": CadreCategory.CIVIL_SERVANT,
    "事业": CadreCategory.PUBLIC_INSTITUTION,
    "事业编": CadreCategory.PUBLIC_INSTITUTION,
    "事业编制": CadreCategory.PUBLIC_INSTITUTION,
    "事业人员": CadreCategory.PUBLIC_INSTITUTION,
    "事业干部": CadreCategory.PUBLIC_INSTITUTION,
    "事业单位人员": CadreCategory.PUBLIC_INSTITUTION,
    "事业单位工作人员": CadreCategory.PUBLIC_INSTITUTION,
    "村干部": CadreCategory.VILLAGE,
    "社区干部": CadreCategory.VILLAGE,
    "村两委": CadreCategory.VILLAGE,
    "村两委干部": CadreCategory.VILLAGE,
    "村(社区)干部": CadreCategory.VILLAGE,
    "村(社区)两委干部": CadreCategory.VILLAGE,
}
CATEGORY_TITLES = {
    CadreCategory.CIVIL_SERVANT: "公务员",
    CadreCategory.PUBLIC_INSTITUTION: "事业人员",
    CadreCategory.VILLAGE: "村(社区)两委干部",
}


def parse_category(value: Any) -> str:
    text = normalise_title(halfwidth(cell_text(value)))
    code = _CATEGORIES.get(text) or (text if text in CadreCategory.values else None)
    if code is None:
        raise ValueError(
            _("“%(value)s” is not a cadre category; write 公务员, 事业人员 or 村(社区)两委干部.")
            % {"value": cell_text(value)}
        )
    return code


# A masked value from an export (4504**********123X, 138****5678): no value given.
MASKED = re.compile(r"\*{2,}")


def parse_id_number(value: Any) -> str:
    """The text of an ID number (checked by the cadre rules); a number cell is refused,
    as Excel keeps only 15 digits of it."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(
            _(
                "Excel stored this ID number as a number and lost its last digits; "
                "format the column as text and type the number again."
            )
        )
    return halfwidth(cell_text(value)).replace(" ", "").upper()


def parse_phone(value: Any) -> str:
    return halfwidth(cell_text(value)).replace(" ", "")


@dataclass(frozen=True)
class Column:
    """A roster column: the Cadre field it fills, its standard title, its synonyms."""

    field: str
    title: str
    synonyms: tuple[str, ...] = ()
    parse: Callable[[Any], Any] = parse_text
    sensitive: bool = False


_SCHOOL_WORDS = (
    "毕业院校系及专业",
    "毕业院校及专业",
    "毕业院校专业",
    "毕业院校",
    "毕业学校",
    "毕业学校及专业",
    "院校系及专业",
    "院校及专业",
    "毕业院校、系及专业",
    "毕业院校系和专业",
)


def _prefixed(prefixes: tuple[str, ...], words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(prefix + word for prefix in prefixes for word in words)


_FULLTIME = ("全日制", "全日制教育", "全日制学历教育")
_INSERVICE = ("在职", "在职教育", "在职学历教育")

COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名", ("姓名", "名字", "干部姓名"), parse_name),
    Column("gender", "性别", ("性别",), parse_gender),
    Column(
        "birth",
        "出生年月",
        ("出生年月", "出生日期", "出生年月日", "出生时间", "生日", "出生年份"),
        parse_year_month,
    ),
    Column("ethnicity", "民族", ("民族",), parse_ethnicity),
    Column("native_place", "籍贯", ("籍贯",)),
    Column("birthplace", "出生地", ("出生地", "出生地点")),
    Column(
        "id_number",
        "身份证号",
        ("身份证号", "身份证号码", "公民身份号码", "公民身份证号码", "身份证", "证件号码"),
        parse_id_number,
        sensitive=True,
    ),
    Column("political_status", "政治面貌", ("政治面貌", "党派"), parse_political_status),
    Column(
        "party_entry",
        "入党时间",
        ("入党时间", "入党年月", "入党日期", "入党年份", "加入党派时间"),
        parse_year_month,
    ),
    Column(
        "work_start",
        "参加工作时间",
        ("参加工作时间", "工作时间", "参加工作年月", "参加工作日期", "参工时间"),
        parse_year_month,
    ),
    Column(
        "fulltime_education",
        "全日制学历",
        ("学历", *_prefixed(_FULLTIME, ("学历",))),
        parse_education,
    ),
    Column(
        "fulltime_degree",
        "全日制学位",
        ("学位", *_prefixed(_FULLTIME, ("学位",))),
        parse_degree,
    ),
    Column(
        "fulltime_school",
        "全日制毕业院校系及专业",
        (*_SCHOOL_WORDS, *_prefixed(_FULLTIME, _SCHOOL_WORDS)),
    ),
    Column(
        "inservice_education",
        "在职学历",
        _prefixed(_INSERVICE, ("学历",)),
        parse_education,
    ),
    Column(
        "inservice_degree",
        "在职学位",
        _prefixed(_INSERVICE, ("学位",)),
        parse_degree,
    ),
    Column(
        "inservice_school",
        "在职毕业院校系及专业",
        _prefixed(_INSERVICE, _SCHOOL_WORDS),
    ),
    Column(UNIT_FIELD, "工作单位", ("工作单位", "单位", "所在单位", "单位名称", "现工作单位")),
    Column(
        "current_post",
        "现任职务",
        ("现任职务", "工作单位及职务", "职务", "现职务", "现任职", "担任职务", "现工作单位及职务"),
    ),
    Column("rank", "职级", ("职级", "现职级", "现任职级"), parse_rank),
    Column("professional_title", "专业技术职务", ("专业技术职务", "职称", "专业技术职称")),
    Column("health", "健康状况", ("健康状况", "身体状况")),
    Column(
        "category",
        "人员类别",
        ("人员类别", "干部类别", "身份类别", "人员身份", "编制类别"),
        parse_category,
    ),
    Column(
        "phone",
        "联系电话",
        ("联系电话", "手机", "手机号", "手机号码", "电话", "联系方式"),
        parse_phone,
        sensitive=True,
    ),
    Column("home_address", "家庭住址", ("家庭住址", "住址", "家庭地址"), sensitive=True),
    Column("specialties", "熟悉专业有何专长", ("熟悉专业有何专长", "专长", "特长")),
    Column("notes", "备注", ("备注", "说明")),
)
COLUMNS_BY_FIELD = {column.field: column for column in COLUMNS}
# Titles → field; IGNORED for the known columns not imported.
IGNORED = ""
TITLE_INDEX: dict[str, str] = {}
for _column in COLUMNS:
    for _synonym in (_column.title, *_column.synonyms):
        TITLE_INDEX.setdefault(normalise_title(_synonym), _column.field)
for _title in IGNORED_TITLES:
    TITLE_INDEX[normalise_title(_title)] = IGNORED
# A second 学历/学位/院校 column in a one-row header is the in-service one.
SECOND_OF = {
    "fulltime_education": "inservice_education",
    "fulltime_degree": "inservice_degree",
    "fulltime_school": "inservice_school",
}


def field_for_title(title: Any) -> str | None:
    """The field a header cell names; IGNORED ("") for a known column not imported; None
    for a title that means nothing here."""
    return TITLE_INDEX.get(normalise_title(title))


def parse_cell(column: Column, value: Any) -> tuple[bool, Any]:
    """(given, value): a blank cell, a dash or 无 is "not given"; so is a masked value in a
    sensitive column. Raises ValueError for a value that cannot be read. Values are
    plain (a choice's value, not its enum member)."""
    text = cell_text(value)
    if text in EMPTY_MARKS and not (text and column.field in _NONE_IS_VALUE):
        return False, None
    if column.sensitive and MASKED.search(text):
        return False, None
    parsed = column.parse(text if type(value) is str else value)
    if parsed in ("", None):
        return False, None
    if isinstance(parsed, enum.Enum):
        parsed = parsed.value
    return True, parsed


class CellReader:
    """``parse_cell`` with a memory per column: most columns of a roster repeat a few
    values (性别, 民族, 学历, 出生年月 …), which are read once."""

    LIMIT = 20_000

    def __init__(self, column: Column) -> None:
        self.column = column
        self.memory: dict[Any, tuple[bool, Any, str]] = {}

    def __call__(self, value: Any) -> tuple[bool, Any]:
        key = (type(value), value)
        try:
            remembered = self.memory[key]
        except (KeyError, TypeError):
            try:
                present, parsed = parse_cell(self.column, value)
            except ValueError as error:
                remembered = (False, None, str(error))
            else:
                remembered = (present, parsed, "")
            if len(self.memory) < self.LIMIT:
                try:
                    self.memory[key] = remembered
                except TypeError:
                    pass
        if remembered[2]:
            raise ValueError(remembered[2])
        return remembered[0], remembered[1]


# --- the header row ------------------------------------------------------------------------

HEADER_SCAN_ROWS = 12


@dataclass
class Header:
    """Where the header is and what each column holds.

    ``columns`` maps a column index to its Column; ``titles`` holds the file's own title
    of every non-empty header cell (for messages and the error report); ``unknown`` the
    titles that mean nothing here, ``duplicates`` the second columns of a field (ignored).
    """

    first_row: int  # index into the rows scanned
    height: int  # 1, or 2 for a grouped header
    columns: dict[int, Column]
    titles: dict[int, str]
    unknown: list[str]
    duplicates: list[str]

    @property
    def fields(self) -> set[str]:
        return {column.field for column in self.columns.values()}

    def title_of(self, field_name: str) -> str:
        """The file's title of the column holding ``field_name``, else the standard one."""
        for index, column in self.columns.items():
            if column.field == field_name:
                return self.titles[index]
        column = COLUMNS_BY_FIELD.get(field_name)
        return column.title if column else ""


def _filled(rows: list[list[Any]], merged) -> list[list[str]]:
    """The scanned rows as text, each merged range filled with its top-left value."""
    width = max((len(row) for row in rows), default=0)
    grid = [[cell_text(value) for value in row] + [""] * (width - len(row)) for row in rows]
    for (first_row, first_column), (last_row, last_column) in merged:
        if first_row >= len(grid) or first_column < 0:
            continue
        value = grid[first_row][first_column] if first_column < width else ""
        for row in range(first_row, min(last_row, len(grid) - 1) + 1):
            for column in range(first_column, min(last_column, width - 1) + 1):
                grid[row][column] = value
    return grid


def _options_one(top: str) -> list[str]:
    return [top] if top else []


def _options_two(top: str, bottom: str) -> list[str]:
    if not bottom or top == bottom:
        return [top] if top else []
    if not top:
        return [bottom]
    return [top + bottom, bottom, top]


def _map_titles(options_by_column: list[list[str]]) -> tuple[dict[int, Column], dict, list, list]:
    columns: dict[int, Column] = {}
    titles: dict[int, str] = {}
    unknown: list[str] = []
    duplicates: list[str] = []
    taken: set[str] = set()
    for index, options in enumerate(options_by_column):
        if not options:
            continue
        titles[index] = options[0]
        field_name = None
        for option in options:
            field_name = field_for_title(option)
            if field_name is not None:
                titles[index] = option
                break
        if field_name is None:
            unknown.append(options[0])
            continue
        if field_name == IGNORED:
            continue
        if field_name in taken and SECOND_OF.get(field_name) not in (None, *taken):
            field_name = SECOND_OF[field_name]
        if field_name in taken:
            duplicates.append(titles[index])
            continue
        taken.add(field_name)
        columns[index] = COLUMNS_BY_FIELD[field_name]
    return columns, titles, unknown, duplicates


def _score(columns: dict[int, Column]) -> int:
    return len(columns) + (100 if any(c.field == "name" for c in columns.values()) else 0)


def find_header(rows: list[list[Any]], merged=()) -> Header | None:
    """The best header among the first rows: the one (or the pair of a group row and the
    row below it) naming the most known columns, 姓名 among them. None if no row names 姓名."""
    grid = _filled(rows[:HEADER_SCAN_ROWS], list(merged))
    best: Header | None = None
    best_score = 0
    for index, top in enumerate(grid):
        if not any(top):
            continue
        candidates = [(1, [_options_one(value) for value in top])]
        if index + 1 < len(grid):
            bottom = grid[index + 1]
            group = ""
            options = []
            for column, (upper, lower) in enumerate(zip(top, bottom, strict=True)):
                # A group title written once over several columns (a .csv, unmerged cells).
                if upper:
                    group = upper if lower else ""
                elif lower and group and column > 0:
                    upper = group
                options.append(_options_two(upper, lower))
            candidates.append((2, options))
        for height, options in candidates:
            columns, titles, unknown, duplicates = _map_titles(options)
            # On a tie a single header row wins (a title row merged over the header
            # would otherwise pass for a group row).
            score = 2 * _score(columns) + (1 if height == 1 else 0)
            if score > best_score:
                best_score = score
                best = Header(index, height, columns, titles, unknown, duplicates)
    if best is None or best_score < 200:
        return None
    return best
