"""Every interface string has a Spanish translation."""

import ast
import gettext
import re
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"


QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def unquote(text):
    return "".join(ast.literal_eval(f'"{part}"') for part in QUOTED.findall(text))


def entries(text):
    """(msgid, [msgstr, ...]) for every entry that is not obsolete or the header."""
    for block in re.split(r"\n\s*\n", text):
        joined = "\n".join(line for line in block.splitlines() if not line.startswith("#"))
        if "msgid " not in joined:
            continue
        msgid = unquote(joined.split("msgid ", 1)[1].split("msgstr", 1)[0].split("msgid_plural")[0])
        if not msgid:
            continue  # the header
        msgstrs = re.split(r"msgstr(?:\[\d\])? ", joined)[1:]
        yield msgid, [unquote(part) for part in msgstrs]


def test_every_message_in_the_spanish_catalogue_is_translated():
    text = CATALOGUE.read_text(encoding="utf-8")
    missing = [msgid for msgid, translations in entries(text) if not all(translations)]
    assert not missing, f"untranslated: {missing[:10]}"
    assert "#, fuzzy" not in text.split("\n\n", 1)[1], "fuzzy entries are not used by Django"


def test_the_compiled_catalogue_holds_every_translation():
    """The .mo Django reads must be compiled from the current .po (run compilemessages after editing)."""
    with CATALOGUE.with_suffix(".mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog
    singular_ids = {key if isinstance(key, str) else key[0] for key in catalogue}
    stale = [msgid for msgid, _ in entries(CATALOGUE.read_text(encoding="utf-8")) if msgid not in singular_ids]
    assert not stale, f"not compiled: {stale[:10]}"
