"""The forms in the repository: one folder per form (``core/documents/forms/<form_code>/``) holding
``manifest.json`` and one DOCX template per version (``<version>.docx``, generated from the
manifest's ``layout`` by ``tools/build_form_templates.py`` and committed).

A manifest::

    {
      "form_code": "complaint-acceptance-notice",
      "kind": "complaint.acceptance_notice",          # core.documents.kinds
      "versions": [{
        "version": "nd124-2020",
        "effective_from": "2020-12-10", "effective_to": "2026-06-30",   # inclusive; null: open
        "form_number": "Mẫu số 03",                   # printed top right; "" for none
        "title": "THÔNG BÁO",
        "subtitle": "Về việc thụ lý giải quyết khiếu nại",   # may use {{ … }} of the context
        "legal_basis": "Mẫu số 03 ban hành kèm theo Nghị định số 124/2020/NĐ-CP",
        "confidence": "S", "verified": false,         # domain.md's tags; false: "chưa đối chiếu"
        "notes": "…",
        "required": ["complainant", …],               # keys the step must give
        "sample": {"complainant": "Ông Nguyễn Văn A", …},  # a value for every key the form uses
        "layout": {"kinh_gui": true, "preamble": […], "legal_bases": […], "body": […]}
      }]
    }
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from core.documents.kinds import KINDS

FORMS_DIR = Path(__file__).resolve().parent
_REQUIRED = ("version", "effective_from", "title", "legal_basis", "confidence", "layout")


class ManifestError(ValueError):
    pass


@dataclass(frozen=True)
class ManifestVersion:
    form_code: str
    kind: str
    data: dict

    @property
    def version(self) -> str:
        return self.data["version"]

    @property
    def effective_from(self) -> date:
        return date.fromisoformat(self.data["effective_from"])

    @property
    def effective_to(self) -> date | None:
        value = self.data.get("effective_to")
        return date.fromisoformat(value) if value else None

    @property
    def template_path(self) -> str:
        return f"{self.form_code}/{self.version}.docx"


def manifest_paths() -> list[Path]:
    return sorted(FORMS_DIR.glob("*/manifest.json"))


def manifests_read() -> list[ManifestVersion]:
    """Every version of every form in the repository, checked: known kind, complete fields, and no
    two versions of one kind in force on the same day."""
    versions: list[ManifestVersion] = []
    for path in manifest_paths():
        manifest = json.loads(path.read_text(encoding="utf-8"))
        form_code = manifest.get("form_code")
        if form_code != path.parent.name:
            raise ManifestError(f"{path}: form_code must be the folder's name ({path.parent.name})")
        if manifest.get("kind") not in KINDS:
            raise ManifestError(f"{path}: unknown kind {manifest.get('kind')!r} (core/documents/kinds.py)")
        for data in manifest.get("versions", []):
            missing = [key for key in _REQUIRED if key not in data]
            if missing:
                raise ManifestError(f"{path}: version {data.get('version')!r} lacks {', '.join(missing)}")
            unknown = set(data.get("required", [])) - set(data.get("sample", {}))
            if unknown:
                raise ManifestError(f"{path}: required keys without a sample value: {sorted(unknown)}")
            versions.append(ManifestVersion(form_code=form_code, kind=manifest["kind"], data=data))
    _check_overlaps(versions)
    return versions


def _check_overlaps(versions: list[ManifestVersion]) -> None:
    by_kind: dict[str, list[ManifestVersion]] = {}
    for version in versions:
        by_kind.setdefault(version.kind, []).append(version)
    for kind, items in by_kind.items():
        items.sort(key=lambda item: item.effective_from)
        for earlier, later in zip(items, items[1:], strict=False):
            if earlier.effective_to is None or earlier.effective_to >= later.effective_from:
                raise ManifestError(
                    f"{kind}: {earlier.form_code} {earlier.version} and {later.form_code} {later.version} "
                    "are in force on the same day"
                )
