"""The 任免审批表 files: .lrmx (3.x, XML) read and written, .lrm (2.0, GBK text) + .pic read.

See ../shared/formats/LRMX.md. ``LrmxDocument`` is the file's content as text, element
by element; ``read_lrmx`` / ``read_lrm`` build one from bytes (refusing DTDs, entities,
oversize files and other roots with a clear message), ``write_lrmx`` writes one in the
canonical form. ``document_from_cadre`` and ``cadre_values_from_document`` translate
between a document and the registry's values (codes, year-months, résumé entries,
family members); both live here so that the two directions stay each other's inverse.
"""

from __future__ import annotations

import base64
import binascii
import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any
from xml.etree import ElementTree as ET  # noqa: S405 - used to write, never to parse

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from django.conf import settings
from django.utils.translation import gettext as _

from ganshi.cadres.choices import Gender
from ganshi.core.code_tables import ETHNICITY_CHOICES, Degree, Education, PoliticalStatus, Relation
from ganshi.core.year_month import YearMonth
from ganshi.interchange.resume_text import (
    ResumeItem,
    ResumeSyntaxError,
    format_resume,
    parse_resume,
)

VERSION = "3.2.1.16"
ROOT = "Person"
FAMILY = "JiaTingChengYuan"
FAMILY_ITEM = "Item"
# The canonical order of the children of <Person>.
ELEMENTS = (
    "XingMing",
    "XingBie",
    "ChuShengNianYue",
    "MinZu",
    "JiGuan",
    "ChuShengDi",
    "RuDangShiJian",
    "CanJiaGongZuoShiJian",
    "JianKangZhuangKuang",
    "ZhuanYeJiShuZhiWu",
    "ShuXiZhuanYeYouHeZhuanChang",
    "QuanRiZhiJiaoYu_XueLi",
    "QuanRiZhiJiaoYu_XueWei",
    "QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi",
    "QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi",
    "ZaiZhiJiaoYu_XueLi",
    "ZaiZhiJiaoYu_XueWei",
    "ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi",
    "ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi",
    "XianRenZhiWu",
    "NiRenZhiWu",
    "NiMianZhiWu",
    "JianLi",
    "JiangChengQingKuang",
    "NianDuKaoHeJieGuo",
    "RenMianLiYou",
    FAMILY,
    "ChengBaoDanWei",
    "JiSuanNianLingShiJian",
    "TianBiaoShiJian",
    "TianBiaoRen",
    "ShenFenZheng",
    "ZhaoPian",
    "Version",
)
# Elements of files from the 2025 retirement reform, written after the element named.
OPTIONAL_ELEMENTS = {
    "DaoLingNianYue": "CanJiaGongZuoShiJian",
    "GaiGeQianRenZhiNianLingJieXian": "ChengBaoDanWei",
}
FAMILY_ELEMENTS = (
    "ChengWei",
    "XingMing",
    "ChuShengRiQi",
    "ZhengZhiMianMao",
    "GongZuoDanWeiJiZhiWu",
)
# Multi-line texts: inner line breaks are kept.
MULTILINE_ELEMENTS = frozenset(
    {"JianLi", "JiangChengQingKuang", "NianDuKaoHeJieGuo", "RenMianLiYou"}
)
# The Chinese label of each element (data: the form's own words).
LABELS = {
    "XingMing": "姓名",
    "XingBie": "性别",
    "ChuShengNianYue": "出生年月",
    "MinZu": "民族",
    "JiGuan": "籍贯",
    "ChuShengDi": "出生地",
    "RuDangShiJian": "入党时间",
    "CanJiaGongZuoShiJian": "参加工作时间",
    "DaoLingNianYue": "到龄年月",
    "JianKangZhuangKuang": "健康状况",
    "ZhuanYeJiShuZhiWu": "专业技术职务",
    "ShuXiZhuanYeYouHeZhuanChang": "熟悉专业有何专长",
    "QuanRiZhiJiaoYu_XueLi": "全日制教育学历",
    "QuanRiZhiJiaoYu_XueWei": "全日制教育学位",
    "QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi": "全日制教育毕业院校系及专业",
    "QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi": "全日制教育学位授予院校系及专业",
    "ZaiZhiJiaoYu_XueLi": "在职教育学历",
    "ZaiZhiJiaoYu_XueWei": "在职教育学位",
    "ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi": "在职教育毕业院校系及专业",
    "ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi": "在职教育学位授予院校系及专业",
    "XianRenZhiWu": "现任职务",
    "NiRenZhiWu": "拟任职务",
    "NiMianZhiWu": "拟免职务",
    "JianLi": "简历",
    "JiangChengQingKuang": "奖惩情况",
    "NianDuKaoHeJieGuo": "年度考核结果",
    "RenMianLiYou": "任免理由",
    FAMILY: "家庭主要成员及重要社会关系",
    "ChengWei": "称谓",
    "ChuShengRiQi": "出生日期",
    "ZhengZhiMianMao": "政治面貌",
    "GongZuoDanWeiJiZhiWu": "工作单位及职务",
    "ChengBaoDanWei": "呈报单位",
    "GaiGeQianRenZhiNianLingJieXian": "改革前任职年龄界限",
    "JiSuanNianLingShiJian": "计算年龄时间",
    "TianBiaoShiJian": "填表时间",
    "TianBiaoRen": "填表人",
    "ShenFenZheng": "身份证号",
    "ZhaoPian": "照片",
    "Version": "版本",
}
# The cadre field each element fills, for error messages the other way round.
FIELD_ELEMENTS = {
    "name": "XingMing",
    "gender": "XingBie",
    "birth": "ChuShengNianYue",
    "ethnicity": "MinZu",
    "native_place": "JiGuan",
    "birthplace": "ChuShengDi",
    "political_status": "RuDangShiJian",
    "party_entry": "RuDangShiJian",
    "work_start": "CanJiaGongZuoShiJian",
    "health": "JianKangZhuangKuang",
    "professional_title": "ZhuanYeJiShuZhiWu",
    "specialties": "ShuXiZhuanYeYouHeZhuanChang",
    "fulltime_education": "QuanRiZhiJiaoYu_XueLi",
    "fulltime_degree": "QuanRiZhiJiaoYu_XueWei",
    "fulltime_school": "QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi",
    "inservice_education": "ZaiZhiJiaoYu_XueLi",
    "inservice_degree": "ZaiZhiJiaoYu_XueWei",
    "inservice_school": "ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi",
    "current_post": "XianRenZhiWu",
    "id_number": "ShenFenZheng",
    "photo": "ZhaoPian",
}
FAMILY_FIELD_ELEMENTS = {
    "relation": "ChengWei",
    "name": "XingMing",
    "birth": "ChuShengRiQi",
    "political_status": "ZhengZhiMianMao",
    "workplace": "GongZuoDanWeiJiZhiWu",
}
# .lrm (2.0): the element in each comma-separated position (LRMX.md).
LRM_POSITIONS = {
    0: "XingMing",
    1: "XingBie",
    2: "ChuShengNianYue",
    3: "MinZu",
    4: "JiGuan",
    5: "RuDangShiJian",
    6: "JianKangZhuangKuang",
    7: "ChuShengDi",
    8: "CanJiaGongZuoShiJian",
    11: "ZhuanYeJiShuZhiWu",
    16: "ShuXiZhuanYeYouHeZhuanChang",
    17: "JianLi",
    18: "JiangChengQingKuang",
    19: "NianDuKaoHeJieGuo",
    25: "XianRenZhiWu",
    26: "NiRenZhiWu",
    27: "NiMianZhiWu",
    28: "RenMianLiYou",
    29: "ChengBaoDanWei",
    30: "JiSuanNianLingShiJian",
    31: "TianBiaoRen",
    32: "TianBiaoShiJian",
}
LRM_EDUCATION = 9
LRM_SCHOOLS = 10
LRM_FAMILY = range(20, 25)
LRM_FIELD_COUNT = 33

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
GENDER_TEXT = {Gender.MALE: "男", Gender.FEMALE: "女"}


def max_file_bytes() -> int:
    return int(getattr(settings, "GANSHI_LRMX_MAX_BYTES", DEFAULT_MAX_BYTES))


def size_text(size: int) -> str:
    """``5.0 MB``, ``12 KB``: a file size as a message shows it."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{-(-size // 1024)} KB"


def element_label(element: str) -> str:
    """``ShenFenZheng（身份证号）``: how messages name an element."""
    label = LABELS.get(element)
    return f"{element}（{label}）" if label else element


class LrmxError(ValueError):
    """A file (or one element of it) that cannot be read; the message says why."""

    def __init__(self, message: str, *, element: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.element = element

    def __str__(self) -> str:
        if self.element:
            return f"{element_label(self.element)}: {self.message}"
        return self.message


@dataclass
class FamilyRow:
    relation: str = ""
    name: str = ""
    birth: str = ""
    political_status: str = ""
    workplace: str = ""

    def is_blank(self) -> bool:
        return not any(
            (self.relation, self.name, self.birth, self.political_status, self.workplace)
        )


@dataclass
class LrmxDocument:
    """A form as text: ``values`` by element name, the family rows, the photo bytes."""

    values: dict[str, str] = field(default_factory=dict)
    family: list[FamilyRow] = field(default_factory=list)
    photo: bytes | None = None

    def get(self, element: str) -> str:
        return self.values.get(element, "")


# --- reading ---------------------------------------------------------------------------

_DECLARED_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")


def _check_size(data: bytes) -> None:
    limit = max_file_bytes()
    if len(data) > limit:
        raise LrmxError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": size_text(len(data)), "limit": size_text(limit)}
        )


def _as_utf8(data: bytes) -> bytes:
    """Files declared GB2312/GBK are recoded to UTF-8 (expat reads no multi-byte codec)."""
    match = _DECLARED_ENCODING.match(data[:200])
    if not match:
        return data
    declared = match.group(1).decode("ascii").lower()
    if declared in {"utf-8", "utf8", "us-ascii", "ascii"}:
        return data
    codec = "gb18030" if declared in {"gb2312", "gbk", "gb18030", "cp936"} else declared
    try:
        text = data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        raise LrmxError(
            _("The file says it is encoded as %(encoding)s but cannot be read so.")
            % {"encoding": declared}
        ) from None
    text = re.sub(r"encoding\s*=\s*[\"'][^\"']+[\"']", 'encoding="utf-8"', text, count=1)
    return text.encode("utf-8")


def _text(element, name: str) -> str:
    text = element.text or ""
    if name == "JianLi":
        return text.replace("\r\n", "\n").strip("\n").rstrip()
    if name in MULTILINE_ELEMENTS:
        return text.replace("\r\n", "\n").strip()
    return text.strip()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def read_lrmx(data: bytes) -> LrmxDocument:
    """Parse one .lrmx file; raise LrmxError with a message saying what is wrong."""
    _check_size(data)
    if not data.strip():
        raise LrmxError(_("The file is empty."))
    try:
        root = SafeET.fromstring(
            _as_utf8(data), forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException:
        raise LrmxError(
            _(
                "The file declares a DTD or XML entities; they are refused because they can "
                "read server files or exhaust memory."
            )
        ) from None
    except (ET.ParseError, ValueError) as error:
        raise LrmxError(
            _("The file is not well-formed XML (%(error)s).") % {"error": error}
        ) from None
    if _local(root.tag) != ROOT:
        raise LrmxError(
            _(
                "This is not a 干部任免审批表 (.lrmx) file: its root element is <%(root)s>, "
                "not <Person>."
            )
            % {"root": _local(root.tag)}
        )
    document = LrmxDocument()
    for child in root:
        name = _local(child.tag)
        if name == FAMILY:
            for item in child:
                if _local(item.tag) != FAMILY_ITEM:
                    continue
                parts = {_local(part.tag): (part.text or "").strip() for part in item}
                row = FamilyRow(
                    relation=parts.get("ChengWei", ""),
                    name=parts.get("XingMing", ""),
                    birth=parts.get("ChuShengRiQi", ""),
                    political_status=parts.get("ZhengZhiMianMao", ""),
                    workplace=parts.get("GongZuoDanWeiJiZhiWu", ""),
                )
                if not row.is_blank():
                    document.family.append(row)
        elif name == "ZhaoPian":
            document.photo = decode_photo(child.text or "")
        elif name and name not in document.values:
            document.values[name] = _text(child, name)
    if not document.get("XingMing"):
        raise LrmxError(_("The form has no name."), element="XingMing")
    return document


def decode_photo(text: str) -> bytes | None:
    compact = "".join(text.split())
    if not compact:
        return None
    try:
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        raise LrmxError(_("The photo is not valid Base64."), element="ZhaoPian") from None


def _decode_legacy(data: bytes) -> str:
    for codec in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise LrmxError(_("The .lrm file is neither GBK nor UTF-8 text."))  # pragma: no cover


def read_lrm(data: bytes, photo: bytes | None = None) -> LrmxDocument:
    """Parse a legacy .lrm file (GBK, comma-separated quoted fields) and its .pic photo."""
    _check_size(data)
    text = _decode_legacy(data)
    if "\x00" in text:
        raise LrmxError(_("The .lrm file is not text."))
    try:
        rows = [row for row in csv.reader(io.StringIO(text, newline="")) if any(row)]
    except csv.Error as error:
        raise LrmxError(
            _("The .lrm file cannot be read as quoted fields (%(error)s).") % {"error": error}
        ) from None
    if not rows:
        raise LrmxError(_("The file is empty."))
    fields = rows[0]
    if len(fields) < 26:
        raise LrmxError(
            _("This is not a 干部任免审批表 (.lrm) file: it has %(count)s fields, not 33.")
            % {"count": len(fields)}
        )
    fields = fields + [""] * (LRM_FIELD_COUNT - len(fields))
    document = LrmxDocument(photo=photo or None)
    for position, element in LRM_POSITIONS.items():
        value = fields[position]
        if element == "JianLi":
            document.values[element] = value.replace("\r\n", "\n").strip("\n").rstrip()
        else:
            document.values[element] = value.strip()
    # 学历学位 and 院校: 全日制学历#全日制学位@在职学历#在职学位
    for position, suffixes in (
        (LRM_EDUCATION, ("XueLi", "XueWei")),
        (LRM_SCHOOLS, ("XueLi_BiYeYuanXiaoXi", "XueWei_BiYeYuanXiaoXi")),
    ):
        halves = (fields[position].split("@") + [""])[:2]
        for prefix, half in zip(("QuanRiZhiJiaoYu", "ZaiZhiJiaoYu"), halves, strict=True):
            parts = (half.split("#") + [""])[:2]
            for suffix, part in zip(suffixes, parts, strict=True):
                document.values[f"{prefix}_{suffix}"] = part.strip()
    columns = [fields[position].split("@") for position in LRM_FAMILY]
    for relation, name, birth, political, workplace in zip_longest(*columns, fillvalue=""):
        row = FamilyRow(
            relation.strip(), name.strip(), birth.strip(), political.strip(), workplace.strip()
        )
        if not row.is_blank():
            document.family.append(row)
    if not document.get("XingMing"):
        raise LrmxError(_("The form has no name."), element="XingMing")
    return document


# --- writing ---------------------------------------------------------------------------

_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the control characters XML 1.0 cannot hold."""
    return _NOT_IN_XML.sub("", text or "")


def write_lrmx(document: LrmxDocument) -> bytes:
    """The canonical .lrmx: every element in the official order, UTF-8."""
    root = ET.Element(ROOT)
    order: list[str] = []
    for name in ELEMENTS:
        order.append(name)
        for optional, after in OPTIONAL_ELEMENTS.items():
            if after == name and optional in document.values:
                order.append(optional)
    for name in order:
        child = ET.SubElement(root, name)
        if name == FAMILY:
            for row in document.family:
                item = ET.SubElement(child, FAMILY_ITEM)
                values = (row.relation, row.name, row.birth, row.political_status, row.workplace)
                for part_name, value in zip(FAMILY_ELEMENTS, values, strict=True):
                    ET.SubElement(item, part_name).text = xml_safe(value)
        elif name == "ZhaoPian":
            child.text = base64.b64encode(document.photo).decode("ascii") if document.photo else ""
        elif name == "Version":
            child.text = document.values.get("Version") or VERSION
        else:
            child.text = xml_safe(document.values.get(name, ""))
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode", short_empty_elements=False)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


# --- codes ⇄ the texts of the form -----------------------------------------------------

ETHNICITY_BY_NAME = {name: code for code, name in ETHNICITY_CHOICES}
ETHNICITY_NAME = dict(ETHNICITY_CHOICES)
# Political status words, most specific first (an exact label matches before these).
POLITICAL_KEYWORDS = (
    ("预备", PoliticalStatus.CPC_PROBATIONARY),
    ("民革", PoliticalStatus.RCCK),
    ("民盟", PoliticalStatus.CDL),
    ("民建", PoliticalStatus.CNDCA),
    ("民进", PoliticalStatus.CAPD),
    ("农工", PoliticalStatus.CPWDP),
    ("致公", PoliticalStatus.CZGP),
    ("九三", PoliticalStatus.JIUSAN),
    ("台盟", PoliticalStatus.TDSGL),
    ("无党派", PoliticalStatus.INDEPENDENT),
    ("团员", PoliticalStatus.CYL_MEMBER),
    ("群众", PoliticalStatus.MASSES),
    ("中共", PoliticalStatus.CPC_MEMBER),
    ("共产党", PoliticalStatus.CPC_MEMBER),
    ("党员", PoliticalStatus.CPC_MEMBER),
)
EDUCATION_KEYWORDS = (
    ("博士", Education.DOCTORATE),
    ("研究生", Education.MASTER),
    ("硕士", Education.MASTER),
    ("专科", Education.JUNIOR_COLLEGE),
    ("大专", Education.JUNIOR_COLLEGE),
    ("本科", Education.BACHELOR),
    ("大学", Education.BACHELOR),
    ("中专", Education.SECONDARY_SPECIALISED),
    ("中等专", Education.SECONDARY_SPECIALISED),
    ("技工", Education.TECHNICAL),
    ("技校", Education.TECHNICAL),
    ("高中", Education.HIGH_SCHOOL),
    ("职高", Education.HIGH_SCHOOL),
    ("中技", Education.HIGH_SCHOOL),
    ("初中", Education.JUNIOR_HIGH),
    ("小学", Education.PRIMARY),
)
DEGREE_KEYWORDS = (("博士", Degree.DOCTOR), ("硕士", Degree.MASTER), ("学士", Degree.BACHELOR))
NONE_WORDS = frozenset({"", "无", "-", "—", "/"})
RELATION_SYNONYMS = {
    "父": Relation.FATHER,
    "母": Relation.MOTHER,
    "夫": Relation.HUSBAND,
    "妻": Relation.WIFE,
    "爱人": Relation.WIFE,  # made exact by the gender of the cadre, see relation_code
    "配偶": Relation.WIFE,
    "子": Relation.SON,
    "长子": Relation.SON,
    "次子": Relation.SON,
    "三子": Relation.SON,
    "儿": Relation.SON,
    "女": Relation.DAUGHTER,
    "长女": Relation.DAUGHTER,
    "次女": Relation.DAUGHTER,
    "三女": Relation.DAUGHTER,
    "兄": Relation.ELDER_BROTHER,
    "长兄": Relation.ELDER_BROTHER,
    "大哥": Relation.ELDER_BROTHER,
    "二哥": Relation.ELDER_BROTHER,
    "弟": Relation.YOUNGER_BROTHER,
    "姐": Relation.ELDER_SISTER,
    "大姐": Relation.ELDER_SISTER,
    "二姐": Relation.ELDER_SISTER,
    "妹": Relation.YOUNGER_SISTER,
    "儿媳妇": Relation.DAUGHTER_IN_LAW,
    "岳父亲": Relation.FATHER_IN_LAW,
}
RELATION_BY_LABEL = {label: code for code, label in Relation.choices}
POLITICAL_BY_LABEL = {label: code for code, label in PoliticalStatus.choices}
_YEAR_MONTH_IN_TEXT = re.compile(
    r"(?<!\d)(\d{4})\s*(?:[.．年/-]\s*(\d{1,2})\s*月?(?:[.．/-]?\s*\d{1,2}\s*日?)?|(\d{2})(?:\d{2})?)(?!\d)"
)
_FULLWIDTH_DIGITS = str.maketrans({chr(0xFF10 + digit): str(digit) for digit in range(10)})


def political_status_code(text: str) -> str | None:
    """The GB 4762 code of a political status written as words, or None."""
    text = text.strip()
    if text in POLITICAL_BY_LABEL:
        return POLITICAL_BY_LABEL[text]
    if text in PoliticalStatus.values:
        return text
    for word, code in POLITICAL_KEYWORDS:
        if word in text:
            return code
    return None


def education_code(text: str, degree_text: str = "") -> str | None:
    text = text.strip()
    if text in {label: code for code, label in Education.choices}:
        return {label: code for code, label in Education.choices}[text]
    if text in Education.values:
        return text
    if text == "研究生" and "博士" in degree_text:
        return Education.DOCTORATE
    for word, code in EDUCATION_KEYWORDS:
        if word in text:
            return code
    return None


def degree_code(text: str) -> str | None:
    if text.strip() in Degree.values:
        return text.strip()
    for word, code in DEGREE_KEYWORDS:
        if word in text:
            return code
    return None


def relation_code(text: str, *, cadre_gender: str = "") -> str | None:
    """The GB 4761 code of 称谓 text; None when the text names no relation we know."""
    text = text.strip()
    if text in RELATION_BY_LABEL:
        return RELATION_BY_LABEL[text]
    if text in Relation.values:
        return text
    if text in ("爱人", "配偶"):
        return Relation.HUSBAND if cadre_gender == Gender.FEMALE else Relation.WIFE
    return RELATION_SYNONYMS.get(text)


def parse_year_month(text: str, element: str) -> YearMonth | None:
    """``198503``, ``1985.03``, ``1985.3``, ``1985年3月``, ``19850312``; blank → None."""
    text = text.strip().translate(_FULLWIDTH_DIGITS)
    if not text:
        return None
    try:
        return YearMonth.parse(text.rstrip("月").replace("年", "."))
    except ValueError as error:
        raise LrmxError(str(error), element=element) from None


def parse_date(text: str, element: str) -> datetime.date | None:
    """计算年龄时间: ``20260620`` or ``2026.06.20`` (a year-month alone: its first day)."""
    text = text.strip().translate(_FULLWIDTH_DIGITS)
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})[.\-/年]?(\d{1,2})[.\-/月]?(?:(\d{1,2})日?)?", text)
    if match:
        try:
            return datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3) or 1))
        except ValueError:
            pass
    raise LrmxError(
        _("“%(text)s” is not a date; write it as 20260620.") % {"text": text}, element=element
    )


def party_entry_text(political_status: str, party_entry: YearMonth | None) -> str:
    """入党时间 as the form shows it: the year-month for a CPC member; the status (and
    the year-month of joining, when known) for anybody else; blank for 群众."""
    digits = party_entry.to_lrmx() if party_entry else ""
    if political_status == PoliticalStatus.CPC_MEMBER:
        return digits
    if political_status == PoliticalStatus.MASSES and not digits:
        return ""
    label = PoliticalStatus(political_status).label if political_status else ""
    if not digits:
        return label
    return f"{digits}（{label}）" if label else digits


def parse_party_entry(text: str) -> tuple[str | None, YearMonth | None]:
    """(political status code or None when blank, party entry) from the 入党时间 text."""
    normalised = text.strip().translate(_FULLWIDTH_DIGITS)
    if not normalised:
        return None, None
    match = _YEAR_MONTH_IN_TEXT.search(normalised)
    entry = None
    rest = normalised
    if match:
        month = match.group(2) or match.group(3)
        try:
            entry = YearMonth(int(match.group(1)), int(month))
        except ValueError as error:
            raise LrmxError(str(error), element="RuDangShiJian") from None
        rest = (normalised[: match.start()] + normalised[match.end() :]).strip(" （）()，,")
    code = political_status_code(rest) if rest else None
    if code is None and rest:
        raise LrmxError(
            _("“%(text)s” is neither a year-month nor a political status.") % {"text": text},
            element="RuDangShiJian",
        )
    if code is None:
        code = PoliticalStatus.CPC_MEMBER
    return code, entry


def school_text(first: str, second: str) -> str:
    """毕业院校系及专业 of the 学历 and of the 学位: one text when they agree."""
    first, second = first.strip(), second.strip()
    if not first or first == second:
        return second or first
    if not second:
        return first
    return f"{first}；{second}"


# --- document ⇄ registry values --------------------------------------------------------


@dataclass
class CadreValues:
    """What a form says about a cadre, in the registry's terms."""

    data: dict[str, Any]
    resume: list[ResumeItem]
    family: list[dict[str, Any]]
    photo: bytes | None
    # political status when 入党时间 is blank: keep the registry's unless it is a CPC one
    political_status_stated: bool = True
    warnings: list[str] = field(default_factory=list)


def cadre_values_from_document(document: LrmxDocument) -> CadreValues:
    """The registry values of a form; raise LrmxError naming the first bad element."""
    values = document.get
    warnings: list[str] = []
    gender_text = values("XingBie")
    gender = {"男": Gender.MALE, "1": Gender.MALE, "女": Gender.FEMALE, "2": Gender.FEMALE}.get(
        gender_text, gender_text if gender_text in Gender.values else None
    )
    if gender is None and gender_text:
        raise LrmxError(
            _("“%(text)s” is not a gender; write 男 or 女.") % {"text": gender_text},
            element="XingBie",
        )
    birth = parse_year_month(values("ChuShengNianYue"), "ChuShengNianYue")
    if birth is None:
        raise LrmxError(_("The form has no birth year-month."), element="ChuShengNianYue")
    ethnicity_text = values("MinZu")
    ethnicity = None
    if ethnicity_text:
        ethnicity = (
            ETHNICITY_BY_NAME.get(ethnicity_text)
            or ETHNICITY_BY_NAME.get(ethnicity_text + "族")
            or (ethnicity_text if ethnicity_text in ETHNICITY_NAME else None)
        )
        if ethnicity is None:
            raise LrmxError(
                _("“%(text)s” is not one of the 56 ethnic groups.") % {"text": ethnicity_text},
                element="MinZu",
            )
    political_status, party_entry = parse_party_entry(values("RuDangShiJian"))
    data: dict[str, Any] = {
        "name": values("XingMing"),
        "gender": gender or "",
        "birth": birth,
        "ethnicity": ethnicity or "01",
        "native_place": values("JiGuan"),
        "birthplace": values("ChuShengDi"),
        "political_status": political_status or PoliticalStatus.MASSES,
        "party_entry": party_entry,
        "work_start": parse_year_month(values("CanJiaGongZuoShiJian"), "CanJiaGongZuoShiJian"),
        "health": values("JianKangZhuangKuang"),
        "professional_title": values("ZhuanYeJiShuZhiWu"),
        "specialties": values("ShuXiZhuanYeYouHeZhuanChang"),
        "current_post": values("XianRenZhiWu"),
    }
    for prefix, kind in (("QuanRiZhiJiaoYu", "fulltime"), ("ZaiZhiJiaoYu", "inservice")):
        education_text = values(f"{prefix}_XueLi")
        degree_text = values(f"{prefix}_XueWei")
        education = (
            "" if education_text in NONE_WORDS else education_code(education_text, degree_text)
        )
        degree = "" if degree_text in NONE_WORDS else degree_code(degree_text)
        if education is None:
            warnings.append(
                _("%(element)s: “%(text)s” is not in the education code table; left blank.")
                % {"element": element_label(f"{prefix}_XueLi"), "text": education_text}
            )
        if degree is None:
            warnings.append(
                _("%(element)s: “%(text)s” is not a degree (学士, 硕士, 博士); left blank.")
                % {"element": element_label(f"{prefix}_XueWei"), "text": degree_text}
            )
        data[f"{kind}_education"] = education or ""
        data[f"{kind}_degree"] = degree or ""
        data[f"{kind}_school"] = school_text(
            values(f"{prefix}_XueLi_BiYeYuanXiaoXi"), values(f"{prefix}_XueWei_BiYeYuanXiaoXi")
        )
    id_number = values("ShenFenZheng").translate(_FULLWIDTH_DIGITS).strip().upper()
    if id_number:
        data["id_number"] = id_number
    try:
        resume = parse_resume(values("JianLi"))
    except ResumeSyntaxError as error:
        raise LrmxError(str(error), element="JianLi") from None
    family: list[dict[str, Any]] = []
    for index, row in enumerate(document.family, start=1):
        where = f"{FAMILY}/{FAMILY_ITEM}[{index}]"
        relation = relation_code(row.relation, cadre_gender=gender or "")
        if relation is None:
            relation = Relation.OTHER
            warnings.append(
                _("%(where)s: the relation “%(text)s” is not in the code table; recorded as 其他.")
                % {"where": where, "text": row.relation}
            )
        political = (
            ""
            if row.political_status in NONE_WORDS
            else political_status_code(row.political_status)
        )
        if political is None:
            political = ""
            warnings.append(
                _("%(where)s: “%(text)s” is not a political status; left blank.")
                % {"where": where, "text": row.political_status}
            )
        try:
            member_birth = parse_year_month(row.birth, "ChuShengRiQi")
        except LrmxError as error:
            raise LrmxError(error.message, element=f"{where}/ChuShengRiQi") from None
        family.append(
            {
                "relation": relation,
                "name": row.name,
                "birth": member_birth,
                "political_status": political,
                "workplace": row.workplace,
            }
        )
    return CadreValues(
        data=data,
        resume=resume,
        family=family,
        photo=document.photo,
        political_status_stated=political_status is not None,
        warnings=warnings,
    )


def rewards_text(records) -> str:
    """奖惩情况 from reward/punishment records: one per line, oldest first."""
    lines = []
    for record in sorted(records, key=lambda record: (record.date, record.pk or 0)):
        authority = f"（{record.authority}）" if record.authority else ""
        lines.append(f"{record.date}  {record.description}{authority}")
    return "\n".join(lines)


APPOINTMENT_ELEMENTS = {
    "proposed_post": "NiRenZhiWu",
    "proposed_removal": "NiMianZhiWu",
    "reason": "RenMianLiYou",
    "reporting_unit": "ChengBaoDanWei",
    "assessment_results": "NianDuKaoHeJieGuo",
}


def _appointment_value(appointment, key: str) -> str:
    if appointment is None:
        return ""
    value = appointment.get(key) if isinstance(appointment, dict) else getattr(appointment, key, "")
    return str(value or "")


def document_from_cadre(
    cadre,
    *,
    appointment=None,
    at: datetime.date | None = None,
    filled_by: str = "",
    include_id_number: bool = True,
    photo: bytes | None = None,
) -> LrmxDocument:
    """The form of ``cadre`` (its résumé entries, family members and rewards prefetched).

    ``appointment`` (a dict or an object with ``proposed_post``, ``proposed_removal``,
    ``reason``, ``reporting_unit`` and optionally ``assessment_results``) fills
    拟任/拟免/任免理由/呈报单位; they stay blank without one. ``at`` is the 计算年龄时间.
    """
    today = datetime.date.today()  # noqa: DTZ011 - a calendar date on the form
    at = at or today

    def digits(value: YearMonth | None) -> str:
        return value.to_lrmx() if value else ""

    values = {
        "XingMing": cadre.name,
        "XingBie": GENDER_TEXT.get(cadre.gender, ""),
        "ChuShengNianYue": digits(cadre.birth),
        "MinZu": ETHNICITY_NAME.get(cadre.ethnicity, ""),
        "JiGuan": cadre.native_place,
        "ChuShengDi": cadre.birthplace,
        "RuDangShiJian": party_entry_text(cadre.political_status, cadre.party_entry),
        "CanJiaGongZuoShiJian": digits(cadre.work_start),
        "JianKangZhuangKuang": cadre.health,
        "ZhuanYeJiShuZhiWu": cadre.professional_title,
        "ShuXiZhuanYeYouHeZhuanChang": cadre.specialties,
        "XianRenZhiWu": cadre.current_post,
        "JianLi": format_resume(
            [
                ResumeItem(entry.start, entry.end, entry.text, entry.is_sub_entry)
                for entry in sorted(
                    cadre.resume_entries.all(),
                    key=lambda entry: (entry.sort_order, entry.start, entry.pk),
                )
            ]
        ),
        "JiangChengQingKuang": rewards_text(cadre.rewards_punishments.all()),
        "JiSuanNianLingShiJian": at.strftime("%Y%m%d"),
        "TianBiaoShiJian": today.strftime("%Y%m%d"),
        "TianBiaoRen": filled_by,
        "ShenFenZheng": cadre.id_number if include_id_number else "",
        "Version": VERSION,
    }
    for key, element in APPOINTMENT_ELEMENTS.items():
        values[element] = _appointment_value(appointment, key)
    for prefix, kind in (("QuanRiZhiJiaoYu", "fulltime"), ("ZaiZhiJiaoYu", "inservice")):
        education = getattr(cadre, f"{kind}_education")
        degree = getattr(cadre, f"{kind}_degree")
        school = getattr(cadre, f"{kind}_school")
        values[f"{prefix}_XueLi"] = Education(education).label if education else ""
        values[f"{prefix}_XueWei"] = Degree(degree).label if degree else ""
        values[f"{prefix}_XueLi_BiYeYuanXiaoXi"] = school if (education or not degree) else ""
        values[f"{prefix}_XueWei_BiYeYuanXiaoXi"] = school if degree else ""
    family = [
        FamilyRow(
            relation=Relation(member.relation).label if member.relation else "",
            name=member.name,
            birth=digits(member.birth),
            political_status=(
                PoliticalStatus(member.political_status).label if member.political_status else ""
            ),
            workplace=member.workplace,
        )
        for member in sorted(
            cadre.family_members.all(), key=lambda member: (member.sort_order, member.pk)
        )
    ]
    return LrmxDocument(values=values, family=family, photo=photo)


__all__ = [
    "ELEMENTS",
    "FAMILY_ELEMENTS",
    "FIELD_ELEMENTS",
    "LABELS",
    "CadreValues",
    "FamilyRow",
    "LrmxDocument",
    "LrmxError",
    "cadre_values_from_document",
    "document_from_cadre",
    "element_label",
    "parse_date",
    "read_lrm",
    "read_lrmx",
    "write_lrmx",
]
