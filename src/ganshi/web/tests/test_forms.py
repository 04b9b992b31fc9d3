"""FastSelect writes the same select as Django's template-rendered one."""

from __future__ import annotations

import pytest
from django import forms
from django.test.html import parse_html

from ganshi.web.forms import FastSelect

CHOICES = [
    ("", "任意民族"),
    ("01", "汉族"),
    ("02", "蒙古族 <script>"),
    ("群组", [("03", "回族"), ("04", "藏族 & 维吾尔族")]),
]


@pytest.mark.parametrize(
    ("value", "attrs"), [("", {}), ("04", {"class": "form-select", "required": True})]
)
def test_fast_select_writes_what_the_template_writes(value, attrs):
    # given the same choices in both widgets
    template_rendered = forms.Select(choices=CHOICES).render("ethnicity", value, attrs=attrs)
    # when
    fast = FastSelect(choices=CHOICES).render("ethnicity", value, attrs=attrs)
    # then: the same elements, attributes, escaped labels and selected option
    assert parse_html(fast) == parse_html(template_rendered)
    assert "&lt;script&gt;" in fast
