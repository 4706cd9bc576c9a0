"""Report the Vietnamese catalogue's untranslated messages (run after `manage.py makemessages -l vi`).

    .venv/bin/python tools/translate_vi.py [--apply FILE.py ...]

With --apply, each FILE.py defines one dict (named VI or VI_<AREA>) of msgid -> Vietnamese text to
fill in; the catalogue is then compiled (needs GNU gettext's msgfmt, as `manage.py
compilemessages` does). `make translations` runs makemessages and applies every tools/vi_*.py.
"""

import runpy
import subprocess
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parents[1] / "platform" / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def main(argv: list[str]) -> int:
    po = polib.pofile(str(PO))
    if argv[:1] == ["--apply"]:
        table = {}
        for path in argv[1:]:
            names = runpy.run_path(path)
            table.update(
                next(value for key, value in names.items() if key.startswith("VI") and isinstance(value, dict))
            )
        for entry in po:
            if entry.msgid not in table:
                continue
            if entry.msgid_plural:
                # Vietnamese has one plural form: msgstr[0].
                entry.msgstr_plural = {0: table[entry.msgid]}
            else:
                entry.msgstr = table[entry.msgid]
            # makemessages' guesses are marked fuzzy (and ignored by gettext) until translated.
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = None
        po.save()
        subprocess.run(["msgfmt", "-o", str(PO.with_suffix(".mo")), str(PO)], check=True)
    missing = [
        entry.msgid
        for entry in po
        if not entry.obsolete
        and ("fuzzy" in entry.flags or not (entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr))
    ]
    for msgid in missing:
        print(msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
