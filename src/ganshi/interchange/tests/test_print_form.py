"""The printed 干部任免审批表: the layout, the PDF (embedded font, pages, the reference
rendering of page one) and the .docx (one Word table, read back cell by cell).

The reference page ``fixtures/print_reference.png`` is page one of the form of
``fixtures/zhang_san.lrmx`` rendered by pdftoppm at 40 dpi. A layout change must update
it deliberately: ``GANSHI_UPDATE_PRINT_FIXTURE=1 pytest -k reference``, then look at it.
"""

from __future__ import annotations

import datetime
import io
import os
import re
import shutil
import subprocess  # noqa: S404 - pdftoppm and pdftotext, fixed arguments
from pathlib import Path

import pytest
from django.http import Http404
from docx import Document
from PIL import Image, ImageChops, ImageStat

from ganshi.audit.models import AuditEvent
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.interchange.appointment_form import (
    END,
    age_date,
    page_one,
    page_two,
    render_docx,
    render_pdf,
    resume_lines,
)
from ganshi.interchange.lrmx import FamilyRow, read_lrmx
from ganshi.interchange.lrmx_export import form_print

FIXTURES = Path(__file__).parent / "fixtures"
REFERENCE = FIXTURES / "print_reference.png"
RESOLUTION = 40
# Mean grey-level difference (0–255) and share of clearly different pixels allowed.
MAX_MEAN_DIFFERENCE = 2.0
MAX_CHANGED_SHARE = 0.005


def zhang_san():
    return read_lrmx((FIXTURES / "zhang_san.lrmx").read_bytes())


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def tool(name: str) -> str | None:
    path = shutil.which(name)
    if path is None and os.environ.get("GANSHI_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{name} (poppler-utils) is required when GANSHI_REQUIRE_BROWSER=1")
    if path is None:
        pytest.skip(f"{name} is not installed (apt-get install poppler-utils)")
    return path


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    source = tmp_path / "form.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(  # noqa: S603
        [tool("pdftotext"), "-layout", str(source), "-"], capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


# --- the layout ------------------------------------------------------------------------


@pytest.mark.parametrize("make", [page_one, page_two])
def test_every_row_is_covered_once_from_edge_to_edge(make):
    # given
    page = make(zhang_san(), datetime.date(2025, 6, 20))

    # then
    for row in range(len(page.rows)):
        spans = sorted(
            (cell.x0, cell.x1) for cell in page.cells if cell.row <= row < cell.row + cell.rowspan
        )
        edges = [spans[0][0]] + [x1 for _x0, x1 in spans]
        assert edges[0] == 0 and edges[-1] == END
        assert all(spans[i][1] == spans[i + 1][0] for i in range(len(spans) - 1))


def test_the_age_is_computed_at_the_forms_date():
    # given
    document = zhang_san()

    # when
    texts = [cell.text for cell in page_one(document, age_date(document)).cells]
    later = [cell.text for cell in page_one(document, datetime.date(2031, 3, 1)).cells]

    # then
    assert "出生年月\n（44岁）" in texts
    assert "出生年月\n（50岁）" in later


def test_family_ages_leave_the_deceased_blank():
    # given
    document = zhang_san()
    document.family.append(FamilyRow("母亲", "刘芳", "195801", "群众", "已故"))

    # when
    page = page_two(document, datetime.date(2025, 6, 20))

    # then
    texts = [cell.text for cell in page.cells]
    assert texts[texts.index("王丽") + 1] == "42"
    assert texts[texts.index("刘芳") + 1] == ""


def test_resume_lines_group_sub_entries():
    lines = resume_lines(zhang_san().get("JianLi"))
    assert [(line.dates, line.text) for line in lines[2:4]] == [
        ("2006.03--2011.09", "示范县一镇党政办公室副主任、主任"),
        ("", "（其间：2007.09--2010.07在广西区委党校经济管理专业在职研究生学习）"),
    ]
    assert lines[-1].dates == "2016.10--"


# --- PDF -------------------------------------------------------------------------------


def test_pdf_embeds_its_font_and_has_two_pages():
    # when
    pdf = render_pdf([zhang_san()])

    # then
    assert pdf.startswith(b"%PDF")
    assert page_count(pdf) == 2
    assert b"/FontFile" in pdf  # the glyphs travel with the file
    assert b"/BaseFont /MPDFAA+NotoSerifCJKSC" in pdf


def test_pdf_text_reads_back(tmp_path):
    # when
    text = pdf_text(render_pdf([zhang_san()]), tmp_path)

    # then
    for expected in (
        "干部任免审批表",
        "张三",
        "（44岁）",
        "示范县一镇党委书记",
        "王丽",
        "填表人：李梅",
    ):
        assert expected in text


def test_a_long_resume_continues_on_the_next_pages(tmp_path):
    # given
    document = zhang_san()
    document.values["JianLi"] = "\n".join(
        f"{1960 + i}.01--{1960 + i}.12  第{i}段经历：示范县某某单位某某职务，内容较长需要换行显示"
        for i in range(60)
    )

    # when
    pdf = render_pdf([document])

    # then
    text = pdf_text(pdf, tmp_path)
    assert page_count(pdf) == 3  # page one, a page of 简历 only, page two
    assert "第0段经历" in text and "第59段经历" in text
    assert text.index("第59段经历") < text.index("惩")


def test_a_batch_is_one_pdf_with_a_form_per_cadre():
    # given
    other = read_lrmx((FIXTURES / "li_si_dotted.lrmx").read_bytes())

    # when
    pdf = render_pdf([zhang_san(), other])

    # then
    assert page_count(pdf) == 4


def test_page_one_matches_the_reference_rendering(tmp_path):
    # given
    pdftoppm = tool("pdftoppm")
    source = tmp_path / "form.pdf"
    source.write_bytes(render_pdf([zhang_san()]))

    # when
    subprocess.run(  # noqa: S603
        [
            pdftoppm,
            "-r",
            str(RESOLUTION),
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            str(source),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    rendered = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    if os.environ.get("GANSHI_UPDATE_PRINT_FIXTURE") == "1":
        rendered.save(REFERENCE, optimize=True)
    reference = Image.open(REFERENCE).convert("L")

    # then
    assert rendered.size == reference.size
    difference = ImageChops.difference(rendered, reference)
    mean = ImageStat.Stat(difference).mean[0]
    changed = sum(difference.point(lambda value: 255 if value > 64 else 0).histogram()[255:])
    share = changed / (rendered.width * rendered.height)
    assert mean < MAX_MEAN_DIFFERENCE, f"mean grey difference {mean:.2f}"
    assert share < MAX_CHANGED_SHARE, f"{share:.2%} of the pixels changed"


# --- DOCX ------------------------------------------------------------------------------


def docx_cells(data: bytes) -> tuple[list[list[str]], object]:
    word = Document(io.BytesIO(data))
    [table] = word.tables
    return [[cell.text for cell in row.cells] for row in table.rows], word


def distinct(row: list[str]) -> list[str]:
    """A row's texts, each merged cell once (python-docx repeats it per grid column)."""
    return [text for index, text in enumerate(row) if index == 0 or row[index - 1] != text]


def test_docx_is_one_table_in_the_official_layout():
    # when
    rows, word = docx_cells(render_docx([zhang_san()]))

    # then
    assert word.paragraphs[0].text == "干部任免审批表"
    first = rows[0]
    assert first[0] == "姓　名"
    assert "张三" in first and "性　别" in first and "男" in first
    assert "出生年月\n（44岁）" in first and "1981.03" in first
    assert "民　族" in rows[1] and "汉族" in rows[1] and "广西宾阳" in rows[1]
    assert "2002.06" in rows[2] and "2003.07" in rows[2]
    assert "全日制\n教　育" in rows[4] and "大学本科\n法学学士" in rows[4]
    assert "广西大学法学院法学专业" in rows[4]
    assert "研究生" in rows[5] and "广西区委党校经济管理专业" in rows[5]
    assert "现 任 职 务" in rows[6] and "示范县一镇党委书记" in rows[6]
    assert "示范县人民政府副县长" in rows[7]
    resume = rows[9][-1].split("\n")
    assert resume[0] == "1999.09--2003.07\t广西大学法学院法学专业学习"
    assert resume[-1] == "2016.10--\t示范县一镇党委书记"
    assert any(row[-1] == "2018年被评为全县优秀共产党员。" for row in rows)
    family = next(index for index, row in enumerate(rows) if "称　谓" in row)
    assert distinct(rows[family]) == [
        "家庭\n主要\n成员\n及重\n要社\n会关\n系",
        "称　谓",
        "姓　名",
        "年龄",
        "政治面貌",
        "工 作 单 位 及 职 务",
    ]
    assert distinct(rows[family + 1])[1:] == [
        "妻子",
        "王丽",
        "42",
        "中共党员",
        "示范县第一中学教师",
    ]
    assert any("中共示范县委组织部" in text for text in rows[-2])
    assert word.paragraphs[-1].text == "填表人：李梅"
    assert len(word.inline_shapes) == 1


def test_docx_batch_starts_each_form_on_a_new_page():
    # given
    other = read_lrmx((FIXTURES / "li_si_dotted.lrmx").read_bytes())

    # when
    word = Document(io.BytesIO(render_docx([zhang_san(), other])))

    # then
    titles = [p for p in word.paragraphs if p.text == "干部任免审批表"]
    assert len(word.tables) == 2
    assert [p.paragraph_format.page_break_before for p in titles] == [False, True]


# --- the service -----------------------------------------------------------------------


@pytest.mark.django_db
def test_form_print_records_an_export_and_keeps_to_scope(county, county_staff, town2_staff):
    # given
    cadre = CadreFactory(name="张三", unit=county["town1"])

    # when
    download = form_print(
        actor=county_staff, ids=[cadre.pk], file_format="docx", at=datetime.date(2025, 6, 20)
    )
    with pytest.raises(Http404):
        form_print(actor=town2_staff, ids=[cadre.pk], file_format="pdf")

    # then
    assert download.filename == "张三-干部任免审批表.docx"
    rows, _word = docx_cells(download.content)
    assert "出生年月\n（40岁）" in rows[0]
    events = AuditEvent.objects.filter(action="export")
    assert [(e.actor_id, e.after["format"]) for e in events] == [(county_staff.pk, "docx")]


def test_control_characters_and_missing_glyphs_do_not_break_the_files():
    # given
    document = zhang_san()
    document.values["XianRenZhiWu"] = "镇长\x07㐀😀"

    # when
    pdf = render_pdf([document])
    rows, _word = docx_cells(render_docx([document]))

    # then
    assert pdf.startswith(b"%PDF")
    assert "镇长㐀😀" in rows[6]
