"""Printed things of training: the completion certificate (PDF) and a session's QR code.

The certificate uses the CJK font embedded for the printed 任免审批表
(``interchange/fonts``), so it renders on a machine with no fonts installed.
"""

from __future__ import annotations

from decimal import Decimal

import segno
from django.utils.translation import gettext as _

from ganshi.interchange.appointment_form import BODY_FONT
from ganshi.training.models import Enrolment

RED = (185, 28, 28)


def certificate_pdf(enrolment: Enrolment, *, hours: Decimal, issued_by: str, serial: str) -> bytes:
    """An A4 landscape completion certificate (结业证书) for a completed enrolment."""
    from fpdf import FPDF

    training_class = enrolment.training_class
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("body", "", str(BODY_FONT))
    pdf.set_creator("ganshi")
    pdf.set_title(_("Completion certificate"))
    pdf.add_page()
    pdf.set_draw_color(*RED)
    pdf.set_line_width(1.2)
    pdf.rect(12, 12, 273, 186)
    pdf.set_line_width(0.4)
    pdf.rect(16, 16, 265, 178)
    pdf.set_text_color(*RED)
    pdf.set_font("body", size=40)
    pdf.set_xy(16, 36)
    pdf.cell(265, 20, _("Completion certificate"), align="C")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("body", size=18)
    text = _(
        "%(name)s (%(unit)s) attended %(title)s, held by %(organiser)s from %(start)s to "
        "%(end)s, completed the course and earned %(hours)s credit hours."
    ) % {
        "name": enrolment.cadre.name,
        "unit": enrolment.cadre.unit.name,
        "title": training_class.title,
        "organiser": training_class.organiser.name,
        "start": f"{training_class.start_date:%Y-%m-%d}",
        "end": f"{training_class.end_date:%Y-%m-%d}",
        "hours": hours,
    }
    pdf.set_xy(40, 78)
    pdf.multi_cell(217, 12, "\u3000\u3000" + text, align="L")
    pdf.set_font("body", size=16)
    pdf.set_xy(150, 150)
    pdf.cell(110, 10, issued_by, align="C")
    pdf.set_xy(150, 162)
    pdf.cell(110, 10, f"{training_class.end_date:%Y-%m-%d}", align="C")
    pdf.set_font("body", size=10)
    pdf.set_text_color(100, 100, 100)
    pdf.set_xy(24, 182)
    pdf.cell(120, 6, _("Certificate number: %(serial)s") % {"serial": serial})
    return bytes(pdf.output())


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG (segno, pure Python)."""
    return segno.make(url, error="m").svg_inline(scale=8, border=2)
