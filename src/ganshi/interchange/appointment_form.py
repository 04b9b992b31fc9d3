"""The printed 干部任免审批表 (cadre appointment and removal approval form), as PDF and .docx.

One layout, drawn twice: ``page_one`` and ``page_two`` place every cell of the official
form in millimetres (x from the table's left edge, rows with heights); the PDF renderer
(fpdf2, with the embedded Noto Serif SC subset in ``fonts/`` so that it renders on a
machine with no fonts) draws them and carries the 简历 lines that do not fit on page one
to the top of page two; the .docx renderer (python-docx) turns the same cells into one
Word table, merging a grid made of every column edge, and lets Word flow a long 简历
onto page two. Ages are computed at the form's 计算年龄时间 (default: today).
"""

from __future__ import annotations

import datetime
import functools
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ganshi.core.year_month import YearMonth
from ganshi.interchange.lrmx import (
    LrmxDocument,
    LrmxError,
    parse_date,
    parse_year_month,
    xml_safe,
)
from ganshi.interchange.resume_text import (
    SUB_ENTRY_CLOSE,
    SUB_ENTRY_OPEN,
    SUB_ENTRY_SEPARATOR,
    ResumeItem,
    ResumeSyntaxError,
    parse_resume,
)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
BODY_FONT = FONT_DIR / "NotoSerifSC-Regular-subset.otf"
TITLE_FONT = FONT_DIR / "NotoSerifSC-Bold-title.otf"
TITLE = "干部任免审批表"
# The Word fonts: what the official template uses; Word substitutes when missing.
DOCX_EAST_ASIAN_FONT = "宋体"
DOCX_LATIN_FONT = "Times New Roman"
DOCX_TITLE_FONT = "方正小标宋简体"

PAGE_WIDTH = 210.0
PAGE_HEIGHT = 297.0
TABLE_WIDTH = 170.0
LEFT = (PAGE_WIDTH - TABLE_WIDTH) / 2
PAGE_ONE_TOP = 33.0
PAGE_TWO_TOP = 20.0
BOTTOM = 282.0
TITLE_HEIGHT = 16.0  # the band above the table on page one
FOOTER_HEIGHT = 9.0  # 填表人 under the table on the last page

LABEL_SIZE = 11.0
VALUE_SIZE = 11.0
RESUME_SIZE = 10.5
MIN_SIZE = 6.5
LEADING = 1.35
PADDING = 1.4
PT = 25.4 / 72  # mm per point
OUTER_LINE = 0.6
INNER_LINE = 0.25

# Column edges (mm from the table's left edge).
A, B, C, D, E, F, G, END = 0.0, 20.0, 44.0, 62.0, 84.0, 106.0, 132.0, TABLE_WIDTH
RESUME_LEFT = B
FAMILY_EDGES = (B, 38.0, 62.0, 74.0, 96.0, END)  # 称谓 姓名 年龄 政治面貌 工作单位及职务
OPINION_MIDDLE = (86.0, 106.0)  # 行政机关任免意见 label
FAMILY_ROWS = 7
# How page two's free rows (奖惩, 考核, 理由, 呈报, 审批) share the rest of the page.
STRETCH_SHARES = (0.3, 0.1, 0.15, 0.15, 0.3)
MAX_STRETCH = 60.0
STAMP = "（盖章）\n年　　月　　日"
DECEASED_WORDS = ("已故", "去世", "病故", "已逝")


@dataclass
class Row:
    height: float
    grows: bool = False  # the 简历 row: at least this high in Word


@dataclass
class Cell:
    row: int
    x0: float
    x1: float
    text: str = ""
    kind: str = "value"  # label | value | text | vertical | photo | resume | stamp
    rowspan: int = 1
    align: str = "C"
    size: float = VALUE_SIZE
    footer: str = ""  # a stamp cell's bottom-right lines


@dataclass
class Page:
    rows: list[Row]
    cells: list[Cell]
    top: float
    title: str = ""
    footer: str = ""
    resume: list[ResumeLine] = field(default_factory=list)


@dataclass(frozen=True)
class ResumeLine:
    """One paragraph of the printed 简历: the dates (blank for a （其间…） group) and text."""

    dates: str
    text: str


# --- what the form shows ---------------------------------------------------------------


def age_date(document: LrmxDocument) -> datetime.date:
    try:
        at = parse_date(document.get("JiSuanNianLingShiJian"), "JiSuanNianLingShiJian")
    except LrmxError:
        at = None
    return at or datetime.date.today()  # noqa: DTZ011 - a calendar date


def _year_month(text: str) -> YearMonth | None:
    try:
        return parse_year_month(text, "")
    except LrmxError:
        return None


def _shown(text: str) -> str:
    """``198503`` → ``1985.03``; other text as it is."""
    value = _year_month(text) if re.fullmatch(r"\s*\d{6}\s*", text or "") else None
    return str(value) if value else (text or "")


def _age(birth_text: str, at: datetime.date) -> int | None:
    birth = _year_month(birth_text)
    if birth is None:
        return None
    age = birth.years_until(YearMonth.from_date(at))
    return age if age >= 0 else None


def resume_lines(text: str) -> list[ResumeLine]:
    """The printed paragraphs of the 简历: one per entry, its sub-entries in one （其间…）."""
    try:
        items = parse_resume(text)
    except ResumeSyntaxError:
        return [ResumeLine("", line.strip()) for line in text.splitlines() if line.strip()]
    lines: list[ResumeLine] = []
    group: list[ResumeItem] = []

    def close() -> None:
        if group:
            parts = [f"{item.start}--{item.end or ''}{item.text}" for item in group]
            lines.append(
                ResumeLine("", SUB_ENTRY_OPEN + SUB_ENTRY_SEPARATOR.join(parts) + SUB_ENTRY_CLOSE)
            )
            group.clear()

    for item in items:
        if item.is_sub_entry:
            group.append(item)
            continue
        close()
        lines.append(ResumeLine(f"{item.start}--{item.end or ''}", item.text))
    close()
    return lines


def _education(document: LrmxDocument, prefix: str) -> tuple[str, str]:
    get = document.get
    level = "\n".join(part for part in (get(f"{prefix}_XueLi"), get(f"{prefix}_XueWei")) if part)
    first = get(f"{prefix}_XueLi_BiYeYuanXiaoXi")
    second = get(f"{prefix}_XueWei_BiYeYuanXiaoXi")
    schools = first if not second or second == first else "\n".join(p for p in (first, second) if p)
    return level, schools


# --- the layout ------------------------------------------------------------------------


def page_one(document: LrmxDocument, at: datetime.date) -> Page:
    get = document.get
    age = _age(get("ChuShengNianYue"), at)
    birth_label = f"出生年月\n（{age}岁）" if age is not None else "出生年月\n（　岁）"
    fulltime, fulltime_school = _education(document, "QuanRiZhiJiaoYu")
    inservice, inservice_school = _education(document, "ZaiZhiJiaoYu")
    rows = [
        Row(13),  # 0 姓名
        Row(13),  # 1 民族
        Row(13),  # 2 入党时间
        Row(14),  # 3 专业技术职务
        Row(15),  # 4 全日制教育
        Row(15),  # 5 在职教育
        Row(12),  # 6 现任职务
        Row(12),  # 7 拟任职务
        Row(12),  # 8 拟免职务
    ]
    used = sum(row.height for row in rows)
    rows.append(Row(BOTTOM - PAGE_ONE_TOP - used, grows=True))  # 9 简历
    cells = [
        Cell(0, A, B, "姓　名", "label"),
        Cell(0, B, C, get("XingMing")),
        Cell(0, C, D, "性　别", "label"),
        Cell(0, D, E, get("XingBie")),
        Cell(0, E, F, birth_label, "label"),
        Cell(0, F, G, _shown(get("ChuShengNianYue"))),
        Cell(0, G, END, "", "photo", rowspan=4),
        Cell(1, A, B, "民　族", "label"),
        Cell(1, B, C, get("MinZu")),
        Cell(1, C, D, "籍　贯", "label"),
        Cell(1, D, E, get("JiGuan")),
        Cell(1, E, F, "出 生 地", "label"),
        Cell(1, F, G, get("ChuShengDi")),
        Cell(2, A, B, "入　党\n时　间", "label"),
        Cell(2, B, C, _shown(get("RuDangShiJian"))),
        Cell(2, C, D, "参加工\n作时间", "label"),
        Cell(2, D, E, _shown(get("CanJiaGongZuoShiJian"))),
        Cell(2, E, F, "健康状况", "label"),
        Cell(2, F, G, get("JianKangZhuangKuang")),
        Cell(3, A, B, "专业技\n术职务", "label"),
        Cell(3, B, D, get("ZhuanYeJiShuZhiWu")),
        Cell(3, D, E, "熟悉专业\n有何专长", "label"),
        Cell(3, E, G, get("ShuXiZhuanYeYouHeZhuanChang")),
        Cell(4, A, B, "学　历\n学　位", "label", rowspan=2),
        Cell(4, B, C, "全日制\n教　育", "label"),
        Cell(4, C, E, fulltime),
        Cell(4, E, F, "毕业院校\n系及专业", "label"),
        Cell(4, F, END, fulltime_school, align="L"),
        Cell(5, B, C, "在　职\n教　育", "label"),
        Cell(5, C, E, inservice),
        Cell(5, E, F, "毕业院校\n系及专业", "label"),
        Cell(5, F, END, inservice_school, align="L"),
        Cell(6, A, C, "现 任 职 务", "label"),
        Cell(6, C, END, get("XianRenZhiWu"), "text", align="L"),
        Cell(7, A, C, "拟 任 职 务", "label"),
        Cell(7, C, END, get("NiRenZhiWu"), "text", align="L"),
        Cell(8, A, C, "拟 免 职 务", "label"),
        Cell(8, C, END, get("NiMianZhiWu"), "text", align="L"),
        Cell(9, A, B, "简\n\n\n\n\n历", "vertical"),
        Cell(9, RESUME_LEFT, END, "", "resume", align="L", size=RESUME_SIZE),
    ]
    return Page(
        rows=rows,
        cells=cells,
        top=PAGE_ONE_TOP,
        title=TITLE,
        resume=resume_lines(get("JianLi")),
    )


def page_two(
    document: LrmxDocument,
    at: datetime.date,
    *,
    resume_height: float = 0.0,
    resume: list[ResumeLine] | None = None,
    stretch: bool = True,
) -> Page:
    """Page two; ``resume_height`` > 0 puts a row for the rest of the 简历 on top. With
    ``stretch`` the free rows share what is left of the page, as on the official form."""
    get = document.get
    rows: list[Row] = []
    cells: list[Cell] = []
    if resume_height > 0:
        rows.append(Row(resume_height))
        cells += [
            Cell(0, A, B, "简\n\n历", "vertical"),
            Cell(0, RESUME_LEFT, END, "", "resume", align="L", size=RESUME_SIZE),
        ]
    first = len(rows)
    rows += [Row(28), Row(16), Row(22)]
    cells += [
        Cell(first, A, B, "奖\n惩\n情\n况", "vertical"),
        Cell(first, B, END, get("JiangChengQingKuang"), "text", align="L"),
        Cell(first + 1, A, B, "年度考\n核结果", "label"),
        Cell(first + 1, B, END, get("NianDuKaoHeJieGuo"), "text", align="L"),
        Cell(first + 2, A, B, "任\n免\n理\n由", "vertical"),
        Cell(first + 2, B, END, get("RenMianLiYou"), "text", align="L"),
    ]
    header = len(rows)
    members = document.family
    count = max(FAMILY_ROWS, len(members))
    rows.append(Row(10))
    rows += [Row(9) for _ in range(count)]
    cells.append(
        Cell(
            header,
            A,
            B,
            "家庭\n主要\n成员\n及重\n要社\n会关\n系",
            "label",
            rowspan=count + 1,
        )
    )
    for title, x0, x1 in zip(
        ("称　谓", "姓　名", "年龄", "政治面貌", "工 作 单 位 及 职 务"),
        FAMILY_EDGES,
        FAMILY_EDGES[1:],
        strict=False,
    ):
        cells.append(Cell(header, x0, x1, title, "label"))
    for index in range(count):
        member = members[index] if index < len(members) else None
        age = ""
        if member is not None and not any(word in member.workplace for word in DECEASED_WORDS):
            value = _age(member.birth, at)
            age = "" if value is None else str(value)
        texts = (
            (member.relation, member.name, age, member.political_status, member.workplace)
            if member
            else ("",) * 5
        )
        for position, (text, x0, x1) in enumerate(
            zip(texts, FAMILY_EDGES, FAMILY_EDGES[1:], strict=False)
        ):
            cells.append(
                Cell(header + 1 + index, x0, x1, text, align="L" if position == 4 else "C")
            )
    last = len(rows)
    rows += [Row(26), Row(44)]
    cells += [
        Cell(last, A, B, "呈报\n单位", "label"),
        Cell(last, B, END, get("ChengBaoDanWei"), "stamp", align="L", footer=STAMP),
        Cell(last + 1, A, B, "审批\n机关\n意见", "label"),
        Cell(last + 1, B, OPINION_MIDDLE[0], "", "stamp", footer=STAMP),
        Cell(last + 1, OPINION_MIDDLE[0], OPINION_MIDDLE[1], "行政\n机关\n任免\n意见", "label"),
        Cell(last + 1, OPINION_MIDDLE[1], END, "", "stamp", footer=STAMP),
    ]
    if stretch:
        spare = BOTTOM - FOOTER_HEIGHT - PAGE_TWO_TOP - sum(row.height for row in rows)
        spare = min(max(spare, 0.0), MAX_STRETCH)
        for index, share in zip(
            (first, first + 1, first + 2, last, last + 1), STRETCH_SHARES, strict=True
        ):
            rows[index].height += spare * share
    footer = "填表人：" + get("TianBiaoRen")
    return Page(rows=rows, cells=cells, top=PAGE_TWO_TOP, footer=footer, resume=resume or [])


def page_two_fixed_height(document: LrmxDocument, at: datetime.date) -> float:
    """Page two's height without the stretch: what a carried-over 简历 may use the rest of."""
    return sum(row.height for row in page_two(document, at, stretch=False).rows)


def continuation_page(height: float, resume: list[ResumeLine]) -> Page:
    cells = [
        Cell(0, A, B, "简\n\n历", "vertical"),
        Cell(0, RESUME_LEFT, END, "", "resume", align="L", size=RESUME_SIZE),
    ]
    return Page(rows=[Row(height)], cells=cells, top=PAGE_TWO_TOP, resume=resume)


def row_tops(page: Page) -> list[float]:
    tops = [page.top]
    for row in page.rows:
        tops.append(tops[-1] + row.height)
    return tops


# --- PDF -------------------------------------------------------------------------------

CLOSING_PUNCTUATION = set("，。、；：？！）》」』”’,.;:?!)%")


def _line_height(size: float) -> float:
    return size * PT * LEADING


class _Pdf:
    """An fpdf2 document with the embedded fonts, and text fitting helpers."""

    def __init__(self) -> None:
        from fpdf import FPDF

        pdf = FPDF(orientation="P", unit="mm", format="A4")
        pdf.set_auto_page_break(False)
        pdf.set_margins(0, 0, 0)
        pdf.add_font("body", "", str(BODY_FONT))
        pdf.add_font("title", "", str(TITLE_FONT))
        pdf.set_creator("ganshi")
        pdf.set_title(TITLE)
        self.pdf = pdf

    def width(self, text: str, size: float) -> float:
        self.pdf.set_font("body", size=size)
        return self.pdf.get_string_width(text)

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        """Lines of ``text`` no wider than ``width`` (CJK breaks anywhere; a closing mark
        never starts a line; explicit line breaks are kept)."""
        self.pdf.set_font("body", size=size)
        lines: list[str] = []
        for paragraph in (text or "").split("\n"):
            current = ""
            for char in paragraph:
                if current and self.pdf.get_string_width(current + char) > width:
                    if char in CLOSING_PUNCTUATION and len(current) > 1:
                        lines.append(current[:-1])
                        current = current[-1] + char
                        continue
                    lines.append(current)
                    current = char.lstrip() if char == " " else char
                    continue
                current += char
            lines.append(current)
        return lines

    def fit(self, text: str, width: float, height: float, size: float) -> tuple[float, list[str]]:
        """The largest size (from ``size`` down) at which ``text`` fits, and its lines."""
        current = size
        while True:
            lines = self.wrap(text, width, current)
            if len(lines) * _line_height(current) <= height or current <= MIN_SIZE:
                return current, lines
            current = max(MIN_SIZE, current - 0.5)

    def draw_lines(
        self,
        lines: list[str],
        x: float,
        y: float,
        width: float,
        height: float,
        size: float,
        align: str,
        valign: str = "middle",
    ) -> None:
        pdf = self.pdf
        pdf.set_font("body", size=size)
        step = _line_height(size)
        fitting = max(1, int(height // step)) if lines else 0
        lines = lines[:fitting]
        block = len(lines) * step
        top = y + (height - block) / 2 if valign == "middle" else y
        for index, line in enumerate(lines):
            text_width = pdf.get_string_width(line)
            if align == "C":
                left = x + (width - text_width) / 2
            elif align == "R":
                left = x + width - text_width
            else:
                left = x
            baseline = top + index * step + step / 2 + size * PT * 0.35
            pdf.text(left, baseline, line)

    def resume_blocks(self, lines: list[ResumeLine], width: float) -> list[tuple[str, str]]:
        """(dates, text) printed lines: the text column after the widest dates, wrapped."""
        date_width = self.width("0000.00--0000.00", RESUME_SIZE) + self.width("　", RESUME_SIZE)
        out: list[tuple[str, str]] = []
        for line in lines:
            wrapped = self.wrap(line.text, width - date_width, RESUME_SIZE)
            for index, part in enumerate(wrapped):
                out.append((line.dates if index == 0 else "", part))
        return out

    def resume_date_width(self) -> float:
        return self.width("0000.00--0000.00", RESUME_SIZE) + self.width("　", RESUME_SIZE)


def _resume_capacity(height: float) -> int:
    return max(0, int((height - 2 * PADDING - 1) // _line_height(RESUME_SIZE)))


def _draw_page(pdf: _Pdf, page: Page, photo: bytes | None, printed: list[tuple[str, str]]) -> None:
    canvas = pdf.pdf
    canvas.add_page()
    if page.title:
        canvas.set_font("title", size=22)
        width = canvas.get_string_width(page.title)
        canvas.text(LEFT + (TABLE_WIDTH - width) / 2, page.top - TITLE_HEIGHT / 2 + 2, page.title)
    tops = row_tops(page)
    canvas.set_draw_color(0, 0, 0)
    for cell in page.cells:
        x = LEFT + cell.x0
        y = tops[cell.row]
        w = cell.x1 - cell.x0
        h = tops[cell.row + cell.rowspan] - y
        canvas.set_line_width(INNER_LINE)
        canvas.rect(x, y, w, h)
        inner_x, inner_y = x + PADDING, y + PADDING
        inner_w, inner_h = w - 2 * PADDING, h - 2 * PADDING
        if cell.kind == "photo":
            if photo:
                _draw_photo(canvas, photo, x, y, w, h)
        elif cell.kind == "vertical":
            _draw_vertical(pdf, cell.text, x, y, w, h)
        elif cell.kind == "resume":
            _draw_resume(pdf, printed, inner_x, inner_y + 0.5, inner_w)
        elif cell.kind == "stamp":
            footer_lines = cell.footer.split("\n")
            footer_h = len(footer_lines) * _line_height(LABEL_SIZE)
            size, lines = pdf.fit(cell.text, inner_w, inner_h - footer_h, cell.size)
            pdf.draw_lines(lines, inner_x, inner_y, inner_w, inner_h - footer_h, size, "L", "top")
            pdf.draw_lines(
                footer_lines,
                inner_x,
                y + h - PADDING - footer_h - 1,
                inner_w - 8,
                footer_h,
                LABEL_SIZE,
                "R",
            )
        else:
            base = LABEL_SIZE if cell.kind == "label" else cell.size
            size, lines = pdf.fit(cell.text, inner_w, inner_h, base)
            align = cell.align
            if align == "L" and len(lines) == 1 and cell.kind == "value":
                align = "C"
            pdf.draw_lines(lines, inner_x, inner_y, inner_w, inner_h, size, align)
    # the outer border, thicker
    canvas.set_line_width(OUTER_LINE)
    canvas.rect(LEFT, page.top, TABLE_WIDTH, tops[-1] - page.top)
    if page.footer:
        canvas.set_font("body", size=LABEL_SIZE)
        canvas.text(LEFT + 2, tops[-1] + FOOTER_HEIGHT - 2, page.footer)


def _draw_vertical(pdf: _Pdf, text: str, x: float, y: float, w: float, h: float) -> None:
    chars = [char for char in text if char.strip()]
    if not chars:
        return
    canvas = pdf.pdf
    size = LABEL_SIZE
    canvas.set_font("body", size=size)
    step = _line_height(size)
    slot = min((h - 2 * PADDING) / len(chars), max(step, 28.0))
    top = y + (h - slot * len(chars)) / 2
    for index, char in enumerate(chars):
        width = canvas.get_string_width(char)
        baseline = top + index * slot + slot / 2 + size * PT * 0.35
        canvas.text(x + (w - width) / 2, baseline, char)


def _draw_resume(pdf: _Pdf, printed: list[tuple[str, str]], x: float, y: float, w: float) -> None:
    canvas = pdf.pdf
    canvas.set_font("body", size=RESUME_SIZE)
    step = _line_height(RESUME_SIZE)
    column = pdf.resume_date_width()
    for index, (dates, text) in enumerate(printed):
        baseline = y + index * step + step / 2 + RESUME_SIZE * PT * 0.35
        if dates:
            canvas.text(x, baseline, dates)
        canvas.text(x + column, baseline, text)


def _draw_photo(canvas, photo: bytes, x: float, y: float, w: float, h: float) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(photo)) as image:
            ratio = image.width / image.height
    except (UnidentifiedImageError, OSError, ValueError, ZeroDivisionError):
        return
    box_w, box_h = w - 6, h - 6
    if box_w / box_h > ratio:
        draw_h, draw_w = box_h, box_h * ratio
    else:
        draw_w, draw_h = box_w, box_w / ratio
    try:
        canvas.image(io.BytesIO(photo), x + (w - draw_w) / 2, y + (h - draw_h) / 2, draw_w, draw_h)
    except Exception:  # noqa: BLE001, S110 - a photo fpdf cannot embed is left out
        pass


def _paginate(pdf: _Pdf, document: LrmxDocument, at: datetime.date) -> list[tuple[Page, list]]:
    first = page_one(document, at)
    resume_row = first.rows[-1]
    printed = pdf.resume_blocks(first.resume, END - RESUME_LEFT - 2 * PADDING)
    capacity = _resume_capacity(resume_row.height)
    pages: list[tuple[Page, list]] = [(first, printed[:capacity])]
    rest = printed[capacity:]
    fixed = page_two_fixed_height(document, at)
    room = BOTTOM - FOOTER_HEIGHT - PAGE_TWO_TOP - fixed
    full_page = BOTTOM - PAGE_TWO_TOP
    while rest and _resume_capacity(room) < len(rest):
        take = _resume_capacity(full_page)
        pages.append((continuation_page(full_page, []), rest[:take]))
        rest = rest[take:]
    height = 0.0
    if rest:
        height = len(rest) * _line_height(RESUME_SIZE) + 2 * PADDING + 2
    pages.append((page_two(document, at, resume_height=height), rest))
    return pages


def render_pdf(documents: list[LrmxDocument]) -> bytes:
    """One PDF with the form of every document, each starting on a new page."""
    pdf = _Pdf()
    for document in documents:
        at = age_date(document)
        for page, printed in _paginate(pdf, document, at):
            _draw_page(pdf, page, document.photo, printed)
    return bytes(pdf.pdf.output())


# --- DOCX ------------------------------------------------------------------------------


def _grid(pages: list[Page]) -> list[float]:
    edges = sorted(
        {round(edge, 2) for page in pages for cell in page.cells for edge in (cell.x0, cell.x1)}
    )
    return edges


def _set_run_font(
    run, *, size: float, bold: bool = False, east_asian: str = DOCX_EAST_ASIAN_FONT
) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = DOCX_LATIN_FONT
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)


def _cell_paragraph(cell, text: str, *, size: float, align: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    alignment = {
        "C": WD_ALIGN_PARAGRAPH.CENTER,
        "L": WD_ALIGN_PARAGRAPH.LEFT,
        "R": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    lines = text.split("\n") if text else [""]
    paragraphs = cell.paragraphs
    for index, line in enumerate(lines):
        paragraph = paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.alignment = alignment
        paragraph.paragraph_format.space_before = Pt(0)
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(xml_safe(line))
        _set_run_font(run, size=size)


def _docx_resume(cell, lines: list[ResumeLine], column_mm: float) -> None:
    from docx.shared import Mm, Pt

    first = True
    for line in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        fmt = paragraph.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.left_indent = Mm(column_mm)
        fmt.tab_stops.add_tab_stop(Mm(column_mm))
        if line.dates:
            fmt.first_line_indent = Mm(-column_mm)
            run = paragraph.add_run(xml_safe(line.dates + "\t" + line.text))
        else:
            run = paragraph.add_run(xml_safe(line.text))
        _set_run_font(run, size=RESUME_SIZE)


def _docx_form(document_docx, document: LrmxDocument, *, first: bool) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    at = age_date(document)
    one = page_one(document, at)
    two = page_two(document, at)
    # Leave Word a little room, so that page two's first row cannot fit on page one.
    one.rows[-1].height -= 6
    title = document_docx.add_paragraph() if not first else document_docx.paragraphs[0]
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.page_break_before = not first
    title.paragraph_format.space_before = Pt(0)
    title.paragraph_format.space_after = Pt(0)
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    title.paragraph_format.line_spacing = Mm(TITLE_HEIGHT - 3)
    _set_run_font(title.add_run(TITLE), size=22, bold=True, east_asian=DOCX_TITLE_FONT)

    edges = _grid([one, two])
    rows = [*one.rows, *two.rows]
    table = document_docx.add_table(rows=len(rows), cols=len(edges) - 1)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    widths = [Mm(edges[index + 1] - edges[index]) for index in range(len(edges) - 1)]
    for index, column in enumerate(table.columns):
        column.width = widths[index]
    for row, spec in zip(table.rows, rows, strict=True):
        row.height = Mm(spec.height)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        if not spec.grows:
            cant_split = OxmlElement("w:cantSplit")
            row._tr.get_or_add_trPr().append(cant_split)
        for column_index, cell in enumerate(row.cells):
            cell.width = widths[column_index]
    # Every region is merged once and regions do not overlap, so the cells taken before
    # any merge stay valid (and python-docx need not rebuild its grid for each cell).
    grid = [list(row.cells) for row in table.rows]
    offset = len(one.rows)
    for page, base in ((one, 0), (two, offset)):
        for spec in page.cells:
            first_column = edges.index(round(spec.x0, 2))
            last_column = edges.index(round(spec.x1, 2)) - 1
            top = base + spec.row
            bottom = top + spec.rowspan - 1
            cell = grid[top][first_column]
            if bottom != top or last_column != first_column:
                cell = cell.merge(grid[bottom][last_column])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            if spec.kind == "photo":
                if document.photo:
                    try:
                        run = cell.paragraphs[0].add_run()
                        run.add_picture(io.BytesIO(document.photo), width=Mm(30))
                        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                    except Exception:  # noqa: BLE001, S110 - a photo Word cannot take is left out
                        pass
            elif spec.kind == "resume":
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
                _docx_resume(cell, page.resume, column_mm=33)
            elif spec.kind == "stamp":
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
                _cell_paragraph(cell, spec.text, size=VALUE_SIZE, align="L")
                spacer = cell.add_paragraph()
                spacer.paragraph_format.space_before = Pt(18)
                for line in spec.footer.split("\n"):
                    paragraph = cell.add_paragraph()
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    _set_run_font(paragraph.add_run(xml_safe(line + "　　")), size=LABEL_SIZE)
            elif spec.kind in ("label", "vertical"):
                _cell_paragraph(cell, spec.text, size=LABEL_SIZE, align="C")
            else:
                _cell_paragraph(cell, spec.text, size=spec.size, align=spec.align)
    footer = document_docx.add_paragraph()
    footer.paragraph_format.space_before = Pt(4)
    _set_run_font(footer.add_run(xml_safe(two.footer)), size=LABEL_SIZE)


def render_docx(documents: list[LrmxDocument]) -> bytes:
    """One .docx with the form of every document (each from a new page)."""
    from docx import Document
    from docx.shared import Mm

    word = Document()
    section = word.sections[0]
    section.page_width = Mm(PAGE_WIDTH)
    section.page_height = Mm(PAGE_HEIGHT)
    section.left_margin = section.right_margin = Mm(LEFT)
    section.top_margin = Mm(PAGE_ONE_TOP - TITLE_HEIGHT)
    section.bottom_margin = Mm(PAGE_HEIGHT - BOTTOM)
    section.header_distance = Mm(8)
    section.footer_distance = Mm(8)
    word.add_paragraph()  # the first form's title goes here
    for index, document in enumerate(documents):
        _docx_form(word, document, first=index == 0)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


@functools.cache
def fonts_present() -> bool:
    return BODY_FONT.exists() and TITLE_FONT.exists()


__all__ = [
    "TITLE",
    "age_date",
    "page_one",
    "page_two",
    "render_docx",
    "render_pdf",
    "resume_lines",
]
