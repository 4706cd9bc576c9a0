"""Build every form's DOCX template from its manifest (the layout in one place: core/documents/layout.py).

    .venv/bin/python tools/build_form_templates.py           # write core/documents/forms/<form>/<version>.docx
    .venv/bin/python tools/build_form_templates.py --check   # exit 1 if a committed template is out of date

The generated files are committed as data; ``tests/core/documents/test_forms.py`` runs the check.
A province's own wording is not built here: a platform admin uploads it (Admin → Document forms).
"""

from __future__ import annotations

import argparse
import sys

from core.documents.forms.manifests import FORMS_DIR, manifests_read
from core.documents.layout import template_build


def outdated() -> list[str]:
    """Templates whose committed bytes differ from what their manifest builds."""
    return [
        item.template_path
        for item in manifests_read()
        if not (FORMS_DIR / item.template_path).exists()
        or (FORMS_DIR / item.template_path).read_bytes() != template_build(item.data["layout"])
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="fail if a committed template is out of date")
    args = parser.parse_args()
    if args.check:
        stale = outdated()
        for path in stale:
            print(f"out of date: core/documents/forms/{path} (run tools/build_form_templates.py)")
        return 1 if stale else 0
    for item in manifests_read():
        target = FORMS_DIR / item.template_path
        data = template_build(item.data["layout"])
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
            print(f"wrote core/documents/forms/{item.template_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
