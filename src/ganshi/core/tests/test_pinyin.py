"""Pinyin search keys for names."""

from __future__ import annotations

import pytest

from ganshi.core.pinyin import name_keys


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("张三", ("zhangsan", "zs")),
        ("李四", ("lisi", "ls")),
        # surnames read differently from the everyday word
        ("单田芳", ("shantianfang", "stf")),
        ("覃海", ("qinhai", "qh")),
        ("曾国藩", ("zengguofan", "zgf")),
        ("解缙", ("xiejin", "xj")),
        ("朴槿惠", ("piaojinhui", "pjh")),
        ("区", ("ou", "o")),
        # the surname reading is for the first character only
        ("王单", ("wangdan", "wd")),
        # ü is written v, as typed on a keyboard
        ("吕布", ("lvbu", "lb")),
        # transliterated names: the separating dot is dropped, whatever its form
        ("阿依·买买提", ("ayimaimaiti", "aymmt")),
        ("阿依•买买提", ("ayimaimaiti", "aymmt")),
        ("阿依.买买提", ("ayimaimaiti", "aymmt")),
        # spaces, including full-width ones, are ignored
        ("张 三", ("zhangsan", "zs")),
        (" 欧阳　修 ", ("ouyangxiu", "oyx")),
        ("", ("", "")),
        ("   ", ("", "")),
    ],
)
def test_name_keys(name, keys):
    # given a name
    # when
    result = name_keys(name)
    # then
    assert result == keys
