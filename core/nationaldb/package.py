"""The package a step of a case becomes: our own documented, versioned format (``schema/``).

The national database's integration format is not public (domain.md §10 [U]); this format carries
what NĐ 55/2022 Art. 6 [S] says the database holds — reception (who, where from, what), processing
(type, processable, within jurisdiction, where forwarded), handling and its results — so that an
adapter for the real interface maps from it once the interface is known. A new field or meaning
is a new schema version; packages already queued keep the version they were built with.

Personal data: a complaint's, recommendation's or feedback's senders travel with their name and
address (reception data of Art. 6); their identity numbers, phones and officers' notes do not. A
denunciation's (or a mixed letter's) sender never does: the package carries the secrecy flag and an
opaque code instead (``giuBiMatNguoiToCao`` / ``maBaoMat``, as peers name them [P]), and no free
text the officer wrote about the result.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator

from core.caseindex.facts import RESULT_FIGURES
from core.petitions.choices import SEALED_SENDER_TYPES, Outcome, PetitionType, SignerKind, outcome_event
from core.petitions.models import Petition, PetitionEvent, ResolutionResult

from .choices import ExportEvent, Milestone

FORMAT = "tiepdan.nationaldb.package"
SCHEMA_VERSION = 1
SCHEMA_DIR = Path(__file__).resolve().parent / "schema"

#: What a sender who is not sealed is exported with (Art. 6: reception data, name and address).
SENDER_FIELDS = ("full_name", "address_unit_code", "address_street")


def record_key(unit_code: str, event_id: int, version: int = SCHEMA_VERSION) -> str:
    """Stable across re-sends: the receiving side deduplicates on it."""
    return f"{unit_code}:{event_id}:v{version}"


def is_sealed(petition: Petition) -> bool:
    return petition.is_confidential or petition.petition_type in SEALED_SENDER_TYPES


def secrecy_code(petition: Petition) -> str:
    """The opaque code the unit finds the sealed record by; it says nothing of the person."""
    return f"BM-{petition.case_id.hex[:16].upper()}"


def _date(value) -> str | None:
    return value.isoformat() if value else None


def senders_of(petition: Petition) -> list[dict]:
    if is_sealed(petition) or petition.signer_kind == SignerKind.ANONYMOUS:
        return []
    rows = []
    for signer in petition.signer_set.select_related("citizen").order_by("id"):
        row: dict = {field: getattr(signer.citizen, field) for field in SENDER_FIELDS}
        row["is_representative"] = signer.is_representative
        rows.append(row)
    return rows


def _matter_id(petition: Petition) -> str:
    if petition.same_matter_as_id is None:
        return str(petition.case_id)
    return str(Petition.objects.values_list("case_id", flat=True).get(pk=petition.same_matter_as_id))


def _receiving_unit(petition: Petition, event: PetitionEvent) -> str | None:
    """The platform unit a forwarded petition went to (kept in the forwarding step's data)."""
    if petition.outcome != Outcome.FORWARDED:
        return None
    data = event.data if event.kind == outcome_event(Outcome.FORWARDED) else None
    if data is None:
        forward = petition.events.filter(kind=outcome_event(Outcome.FORWARDED)).order_by("-id").first()
        data = forward.data if forward is not None else {}
    return (data or {}).get("receiving_unit") or None


def _result(petition: Petition, event: PetitionEvent) -> dict | None:
    snapshot = (event.data or {}).get("results")
    if snapshot is None and petition.accepted_on is None:
        return None  # results are recorded by resolution steps, all after acceptance
    if snapshot is None:
        stored = ResolutionResult.objects.filter(petition=petition).first()
        if stored is None:
            return None
        snapshot = {
            name: getattr(stored, name) for name in ("verdict", "after_explanation", "referred_to_investigation")
        }
        snapshot.update({name: getattr(stored, name) for name in RESULT_FIGURES})
    result = {
        "verdict": snapshot.get("verdict") or None,
        "after_explanation": bool(snapshot.get("after_explanation")),
        "referred_to_investigation": bool(snapshot.get("referred_to_investigation")),
    }
    result.update({name: int(snapshot.get(name) or 0) for name in RESULT_FIGURES})
    return result


def package_build(
    *,
    unit_code: str,
    unit_name: str,
    province_code: str,
    petition: Petition,
    event: PetitionEvent,
    name: ExportEvent,
    milestone: Milestone,
) -> dict:
    """The package of one step, from the petition as it stands right after the step."""
    sealed = is_sealed(petition)
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "key": record_key(unit_code, event.pk),
        "unit": {"code": unit_code, "name": unit_name, "province_code": province_code},
        "event": {
            "id": event.pk,
            "kind": event.kind,
            "name": str(name),
            "milestone": str(milestone),
            "date": event.event_date.isoformat(),
            "recorded_at": event.at.isoformat(),
            "from_status": event.from_status or None,
            "to_status": event.to_status,
            "documents": [str(number) for number in (event.data or {}).get("documents", [])],
        },
        "case": {
            "case_id": str(petition.case_id),
            "matter_id": _matter_id(petition),
            "registry_number": petition.registry_number,
            "received_date": petition.received_date.isoformat(),
            "channel": petition.channel,
            "petition_type": petition.petition_type,
            "field_code": petition.field_code,
            "complaint_kind": petition.complaint_kind if petition.petition_type == PetitionType.COMPLAINT else None,
            "complaint_level": petition.complaint_level,
            "escalation": petition.escalation or None,
            "subject": petition.subject,
            "summary": petition.summary,
            "signer_kind": petition.signer_kind,
            "signer_count": petition.signer_count,
            "has_concrete_evidence": petition.has_concrete_evidence,
            "forwarded_by": petition.forwarded_by or None,
            "forwarding_reference": petition.forwarding_reference or None,
            "prior_resolution": petition.prior_resolution,
            "status": petition.status,
        },
        "processing": {
            "is_processable": petition.is_processable,
            "not_processable_reason": petition.not_processable_reason or None,
            "within_jurisdiction": petition.within_jurisdiction,
            "outcome": petition.outcome or None,
            "competent_body": petition.competent_body or None,
            "receiving_unit_code": _receiving_unit(petition, event),
        },
        "handling": {
            "accepted_on": _date(petition.accepted_on),
            "decided_on": _date(petition.decided_on),
            "closed_on": _date(petition.closed_on),
            "complexity": petition.complexity,
            "extensions": petition.extensions,
            "decision_summary": None if sealed else (petition.decision_summary or None),
            "result": _result(petition, event),
        },
        "senders": senders_of(petition),
        "giuBiMatNguoiToCao": sealed,
        "maBaoMat": secrecy_code(petition) if sealed else None,
    }


@cache
def schema(version: int = SCHEMA_VERSION) -> dict:
    return json.loads((SCHEMA_DIR / f"package-v{version}.schema.json").read_text(encoding="utf-8"))


@cache
def validator(version: int = SCHEMA_VERSION) -> Draft202012Validator:
    document = schema(version)
    Draft202012Validator.check_schema(document)
    return Draft202012Validator(document, format_checker=Draft202012Validator.FORMAT_CHECKER)


def package_errors(package: dict) -> list[str]:
    """What is wrong with a package against the schema of its version (empty: valid)."""
    version = package.get("schema_version")
    if not isinstance(version, int) or not (SCHEMA_DIR / f"package-v{version}.schema.json").exists():
        return [f"unknown schema_version {version!r}"]
    errors = sorted(validator(version).iter_errors(package), key=lambda error: list(error.absolute_path))
    return [f"{'/'.join(str(part) for part in error.absolute_path) or '(root)'}: {error.message}" for error in errors]
