"""The name-clearing statement (澄清正名通知书) as .docx (python-docx) and PDF (fpdf2,
with the CJK font interchange embeds)."""

from __future__ import annotations

import io

from django.utils.translation import pgettext

from ganshi.interchange.appointment_form import BODY_FONT, DOCX_EAST_ASIAN_FONT, DOCX_LATIN_FONT
from ganshi.supervision.models import Exoneration

TITLE = "澄清正名通知书"


def statement_paragraphs(exoneration: Exoneration) -> list[str]:
    cadre = exoneration.cadre
    return [
        f"{cadre.unit.name}：",
        (
            f"经核查，反映{cadre.name}同志的有关问题（{exoneration.report.number}）"
            "经调查核实不属实。为保护干部干事创业积极性，现予以澄清正名。"
        ),
        pgettext("supervision", "Decision") + "：" + exoneration.decision,
        pgettext("supervision", "Made public in")
        + "："
        + exoneration.get_publicity_scope_display(),
        f"{exoneration.decided_on:%Y年%m月%d日}",
    ]


def render_docx(exoneration: Exoneration) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    paragraphs = statement_paragraphs(exoneration)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(TITLE)
    run.font.size = Pt(22)
    run.font.bold = True
    for index, text in enumerate(paragraphs):
        paragraph = document.add_paragraph()
        if index == len(paragraphs) - 1:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(text)
        run.font.size = Pt(16)
        run.font.name = DOCX_LATIN_FONT
        run._element.get_or_add_rPr().get_or_add_rFonts().set(
            qn("w:eastAsia"), DOCX_EAST_ASIAN_FONT
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_pdf(exoneration: Exoneration) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.add_font("body", "", str(BODY_FONT))
    pdf.set_creator("ganshi")
    pdf.set_title(TITLE)
    pdf.add_page()
    pdf.set_margins(25, 25, 25)
    pdf.set_xy(25, 30)
    pdf.set_font("body", size=20)
    pdf.cell(0, 14, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("body", size=13)
    paragraphs = statement_paragraphs(exoneration)
    for index, text in enumerate(paragraphs):
        pdf.multi_cell(
            0, 9, text, align="R" if index == len(paragraphs) - 1 else "L",
            new_x="LMARGIN", new_y="NEXT",
        )  # fmt: skip
        pdf.ln(2)
    return bytes(pdf.output())
