"""Checks of the Vietnamese catalogues, and the merge of pending translations into them.

    .venv/bin/python tools/translations.py check            # exit 1 listing what is missing
    .venv/bin/python tools/translations.py merge [FILE.po …] # default: platform/locale/pending/*.po

Two catalogues, both sources edited by people: ``platform/locale/vi/LC_MESSAGES/django.po``, our
messages, kept in step with the code by makemessages; and
``platform/locale_overrides/vi/LC_MESSAGES/django.po``, messages of the libraries (Django's admin,
DRF…) that their own Vietnamese catalogue lacks or words badly, which makemessages never touches
(``LOCALE_PATHS`` lists it after ours, before the libraries' catalogues).

``check`` fails on any message that is untranslated, fuzzy, or whose translation lost or invented a
placeholder. ``merge`` copies the msgstr of each entry of the given PO files into our catalogue
where makemessages found the same msgid (and msgctxt) still untranslated or fuzzy, or else into the
overrides when an installed library has that message. Entries it used, or that a catalogue already
has with the same text, leave the pending file (an emptied file is deleted), so what remains needs a
person: a msgid nothing uses (yet), or a translation differing from the catalogue's (``--overwrite``
lets the pending one win). ``make translations`` runs makemessages, merge, compilemessages, check.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "platform" / "locale"
CATALOGUE = LOCALE / "vi" / "LC_MESSAGES" / "django.po"
OVERRIDES = ROOT / "platform" / "locale_overrides" / "vi" / "LC_MESSAGES" / "django.po"
PENDING = LOCALE / "pending"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w*)\}")

Key = tuple[str | None, str]


def translations(entry: polib.POEntry | polib.MOEntry) -> list[str]:
    if entry.msgid_plural:
        return [text for _, text in sorted(entry.msgstr_plural.items())]
    return [entry.msgstr]


def translated(entry: polib.POEntry) -> bool:
    texts = translations(entry)
    return bool(texts) and all(texts)


def placeholders(text: str) -> set[str]:
    return {match.group(0) for match in PLACEHOLDER.finditer(text)}


def _shown(path: Path) -> Path:
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def _name(entry: polib.POEntry) -> str:
    return f"[{entry.msgctxt}] {entry.msgid!r}" if entry.msgctxt else repr(entry.msgid)


def problems(po: polib.POFile) -> list[str]:
    """One line per message that would not show in Vietnamese as written."""
    found = []
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        texts = translations(entry)
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {_name(entry)}")
        elif not translated(entry):
            found.append(f"untranslated: {_name(entry)}")
        elif "python-format" in entry.flags or "python-brace-format" in entry.flags:
            # Plural msgstr may drop the count (Vietnamese has one form); every other name must stay.
            expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
            for text in texts:
                missing = expected - placeholders(text) - ({"%(counter)s"} if entry.msgid_plural else set())
                extra = placeholders(text) - expected
                if missing or extra:
                    found.append(f"placeholders {sorted(missing | extra)} differ: {_name(entry)}")
                    break
    return found


def check(paths: tuple[Path, ...] = (CATALOGUE, OVERRIDES)) -> int:
    failed = 0
    for path in paths:
        if not path.exists():
            continue
        found = problems(polib.pofile(str(path)))
        for line in found:
            print(f"{_shown(path)}: {line}")
        failed += len(found)
    if failed:
        print(f"{failed} message(s) need a translation.", file=sys.stderr)
    return 1 if failed else 0


def library_messages() -> dict[Key, list[str]]:
    """The messages of the installed packages, with their format flags, from their English catalogues."""
    found: dict[Key, list[str]] = {}
    for folder in Path(sysconfig.get_paths()["purelib"]).glob("**/locale/en/LC_MESSAGES"):
        for name, load in (("django.po", polib.pofile), ("django.mo", polib.mofile)):
            if (folder / name).exists():
                found.update(
                    ((entry.msgctxt, entry.msgid), [flag for flag in entry.flags if flag.endswith("-format")])
                    for entry in load(str(folder / name))
                    if entry.msgid
                )
                break
    return found


def _overrides_file(path: Path) -> polib.POFile:
    if path.exists():
        return polib.pofile(str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    po = polib.POFile()
    po.header = "Vietnamese for messages of the libraries we use; makemessages does not touch this file."
    po.metadata = {
        "Project-Id-Version": "TiepDan",
        "Language": "vi",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    return po


def merge(
    files: list[Path], *, catalogue: Path = CATALOGUE, overrides: Path = OVERRIDES, overwrite: bool = False
) -> int:
    ours = polib.pofile(str(catalogue))
    index = {(entry.msgctxt, entry.msgid): entry for entry in ours if not entry.obsolete}
    theirs = _overrides_file(overrides)
    their_index = {(entry.msgctxt, entry.msgid): entry for entry in theirs if not entry.obsolete}
    libraries: dict[Key, list[str]] | None = None
    merged = {catalogue: 0, overrides: 0}
    for path in files:
        pending = polib.pofile(str(path))
        keep = []
        for new in pending:
            if new.obsolete or not new.msgid or not translated(new):
                keep.append(new)
                continue
            key = (new.msgctxt, new.msgid)
            target, entry = catalogue, index.get(key)
            if entry is None:
                libraries = library_messages() if libraries is None else libraries
                if key in libraries:
                    target, entry = overrides, their_index.get(key)
                    if entry is None:
                        entry = their_index[key] = polib.POEntry(msgctxt=new.msgctxt, msgid=new.msgid)
                        entry.msgid_plural = new.msgid_plural
                        entry.flags = libraries[key]
                        if entry.msgid_plural:
                            entry.msgstr_plural = {0: ""}
                else:
                    print(f"{path.name}: no code or library uses {_name(new)}")
                    keep.append(new)
                    continue
            settled = "fuzzy" not in entry.flags and translated(entry)
            if settled and translations(entry) != translations(new) and not overwrite:
                differ = f"the catalogue has {translations(entry)!r}, pending {translations(new)!r}"
                print(f"{path.name}: {differ}: {_name(new)}")
                keep.append(new)
                continue
            if not settled or overwrite:
                if entry.msgid_plural:
                    entry.msgstr_plural = dict(new.msgstr_plural)
                else:
                    entry.msgstr = new.msgstr
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
                merged[target] += 1
                if target == overrides and not any(entry is known for known in theirs):
                    theirs.append(entry)
        if keep:
            pending[:] = keep
            pending.save()
        else:
            path.unlink()
    for po, path in ((ours, catalogue), (theirs, overrides)):
        if not merged[path]:
            continue
        po.save(str(path))
        if shutil.which("msgcat"):
            # Written as makemessages writes (--no-wrap), so the next makemessages changes no line.
            subprocess.run(["msgcat", "--no-wrap", "-o", str(path), str(path)], check=True)
        print(f"{merged[path]} translation(s) merged into {_shown(path)}.")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="fail on untranslated or fuzzy messages of the vi catalogues")
    merging = commands.add_parser("merge", help="merge pending PO files into the vi catalogues")
    merging.add_argument("files", nargs="*", type=Path)
    merging.add_argument("--overwrite", action="store_true", help="the pending translation wins a difference")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check()
    return merge(args.files or sorted(PENDING.glob("*.po")), overwrite=args.overwrite)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
