"""Pinyin search keys for names: 张三 → ("zhangsan", "zs").

Surnames read differently from the everyday word (单 shan, 覃 qin, 曾 zeng …); the
first character of a name is read as a surname.
"""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin

SURNAME_READINGS = {
    "单": "shan",
    "覃": "qin",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "查": "zha",
    "区": "ou",
    "乐": "yue",
    "缪": "miao",
    "盖": "ge",
    "员": "yun",
    "召": "shao",
    "种": "chong",
    "秘": "bi",
    "繁": "po",
    "尉": "yu",
    "长": "chang",
    "重": "chong",
    "翟": "zhai",
    "折": "she",
    "黑": "he",
    "宿": "su",
    "能": "nai",
}


def _syllables(name: str) -> list[str]:
    name = "".join(name.split())
    if not name:
        return []
    syllables = lazy_pinyin(name, style=Style.NORMAL, v_to_u=False, errors="default")
    surname = SURNAME_READINGS.get(name[0])
    if surname and syllables:
        syllables[0] = surname
    return [syllable.lower() for syllable in syllables]


def name_keys(name: str) -> tuple[str, str]:
    """Full pinyin and initials, lower-case ASCII letters only."""
    syllables = [s for s in _syllables(name) if s.isascii()]
    full = "".join(ch for ch in "".join(syllables) if ch.isalpha())
    initials = "".join(s[0] for s in syllables if s and s[0].isalpha())
    return full, initials
