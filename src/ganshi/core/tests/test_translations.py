"""The Chinese catalogue is complete and its compiled .mo matches the .po."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import ganshi

CATALOGUE = Path(ganshi.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES"


def _po_entries() -> list[dict]:
    """A small .po reader: msgctxt, msgid, msgid_plural, msgstr[n], flags."""
    entries: list[dict] = []
    entry: dict = {"flags": set()}
    key = None
    for raw in (CATALOGUE / "django.po").read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if "msgid" in entry:
                entries.append(entry)
            entry, key = {"flags": set()}, None
        elif line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    return entries


def test_every_message_is_translated():
    # given
    entries = [entry for entry in _po_entries() if entry["msgid"]]
    # when
    missing = [
        entry["msgid"]
        for entry in entries
        if "fuzzy" in entry["flags"] or not any(entry[k] for k in entry if k.startswith("msgstr"))
    ]
    # then
    assert len(entries) > 100
    assert missing == []


def test_compiled_catalogue_matches_the_source():
    # given
    with (CATALOGUE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    # when
    stale = [
        entry["msgid"]
        for entry in _po_entries()
        if entry["msgid"]
        and "msgstr" in entry
        and "msgctxt" not in entry
        and compiled.gettext(entry["msgid"]) != entry["msgstr"]
    ]
    # then
    assert stale == []
