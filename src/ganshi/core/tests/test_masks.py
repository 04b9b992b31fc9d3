"""Masks for sensitive values."""

from __future__ import annotations

import pytest

from ganshi.core.masks import mask_address, mask_phone, mask_sensitive


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("07715551234", "077****1234"),
        ("5551234", "*******"),
        (" 13812345678 ", "138****5678"),
        ("", ""),
    ],
)
def test_mask_phone(value, masked):
    # given / when / then
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("广西壮族自治区某县一镇幸福路12号", "广西壮族自治****"),
        ("一镇幸福路", "*****"),
        ("", ""),
    ],
)
def test_mask_address(value, masked):
    # given / when / then
    assert mask_address(value) == masked


@pytest.mark.parametrize(
    ("field", "value", "masked"),
    [
        ("id_number", "11010519491231002X", "1101**********002X"),
        ("phone", "13812345678", "138****5678"),
        ("home_address", "一镇幸福路十二号院", "一镇幸福路十****"),
        ("complainant_name", "张三", "****"),
        ("complainant_name", "", ""),
        ("phone", None, ""),
    ],
)
def test_mask_sensitive_chooses_by_field(field, value, masked):
    # given / when / then
    assert mask_sensitive(field, value) == masked
