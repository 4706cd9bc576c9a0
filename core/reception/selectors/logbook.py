"""The reception log as the form prints it (sổ tiếp công dân, Form 03/TCD of NĐ 154/2026 from
1/7/2026; before, the log of Reception Law Art. 25(2) and TT 04/2021): one row per visit of a
period, in the form's columns.

The columns are data per form version (``core/reception/data/reception_log_forms.json``), chosen
by the last day of the period; each column names the key of the row value it shows. A denouncer is
never named: a visit about a denunciation prints the sealed wording and no identity number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.common.errors import ApplicationError
from core.documents.models import IssuedDocument
from core.petitions.choices import Outcome, PetitionType
from core.petitions.issuing.common import SEALED_SENDER
from tenants.db import connection

from ..choices import RefusalReason, VisitKind, VisitOutcome
from ..issuing import ID_KIND, is_sealed
from ..models import Instruction, Visit, VisitCitizen

FORMS_FILE = Path(__file__).resolve().parent.parent / "data" / "reception_log_forms.json"
#: The longest period one export covers (a year's log, with a day to spare for a leap year).
MAX_PERIOD_DAYS = 366
TYPE: dict[str, str] = {
    PetitionType.COMPLAINT: "Khiếu nại",
    PetitionType.DENUNCIATION: "Tố cáo",
    PetitionType.RECOMMENDATION: "Kiến nghị",
    PetitionType.FEEDBACK: "Phản ánh",
    PetitionType.MIXED: "Nhiều nội dung",
}
RECEPTION: dict[str, str] = {
    VisitKind.PERIODIC: "Lãnh đạo tiếp định kỳ",
    VisitKind.AD_HOC: "Lãnh đạo tiếp đột xuất",
    VisitKind.ONLINE: "Tiếp trực tuyến",
}
GUIDANCE_KINDS = ("petition.guidance", "petition.mixed_guidance")
FORWARDING_KINDS = ("petition.forwarding", "petition.denunciation_forwarding")


@dataclass(frozen=True)
class LogForm:
    version: str
    form_number: str
    title: str
    legal_basis: str
    verified: bool
    columns: tuple[dict, ...]

    @property
    def verification(self) -> str:
        return "" if self.verified else "chưa đối chiếu"


@dataclass(frozen=True)
class ReceptionLog:
    form: LogForm
    date_from: date
    date_to: date
    unit_name: str
    rows: list[dict]

    @property
    def headers(self) -> list[str]:
        return [column["header"] for column in self.form.columns]

    def cells(self) -> list[list]:
        """The rows as the form's columns, left to right."""
        return [[row[column["key"]] for column in self.form.columns] for row in self.rows]


@cache
def _versions() -> tuple[dict, ...]:
    return tuple(json.loads(FORMS_FILE.read_text(encoding="utf-8"))["versions"])


def log_form_for(on: date) -> LogForm:
    """The version of the log's form in force on ``on``."""
    for version in _versions():
        start = date.fromisoformat(version["effective_from"])
        end = date.fromisoformat(version["effective_to"]) if version.get("effective_to") else None
        if start <= on and (end is None or on <= end):
            return LogForm(
                version=version["version"],
                form_number=version["form_number"],
                title=version["title"],
                legal_basis=version["legal_basis"],
                verified=bool(version.get("verified")),
                columns=tuple(version["columns"]),
            )
    raise ApplicationError(
        _("No form of the reception log is in force on %(date)s.") % {"date": f"{on:%d/%m/%Y}"},
        extra={"field": "date_to"},
    )


def log_period_check(date_from: date | None, date_to: date | None) -> tuple[date, date]:
    if date_from is None or date_to is None:
        raise ApplicationError(_("Give the first and last day of the period."), extra={"field": "date_from"})
    if date_to < date_from:
        raise ApplicationError(_("The period must end after it starts."), extra={"field": "date_to"})
    if (date_to - date_from).days >= MAX_PERIOD_DAYS:
        raise ApplicationError(
            _("One log covers at most %(days)d days.") % {"days": MAX_PERIOD_DAYS}, extra={"field": "date_to"}
        )
    return date_from, date_to


def _numbers(documents: list[IssuedDocument], kinds: tuple[str, ...]) -> list[str]:
    return [document.number_display for document in documents if document.kind in kinds]


def _with_numbers(body: str, numbers: list[str], label: str) -> str:
    if not numbers:
        return body
    return "; ".join(filter(None, [body, f"{label} số {', '.join(numbers)}"]))


def _person(visit: Visit, links: list[VisitCitizen]) -> tuple[str, str]:
    if is_sealed(visit):
        return SEALED_SENDER, ""
    people = []
    for link in links:
        citizen = link.citizen
        line = citizen.full_name + (f", {citizen.address_street}" if citizen.address_street else "")
        people.append(line + (" (đại diện)" if link.is_representative and visit.is_crowd else ""))
    identities = [
        f"{ID_KIND.get(link.citizen.id_kind, 'Giấy tờ')} {link.citizen.id_number}"
        for link in links
        if link.citizen.id_number
    ]
    return "; ".join(people), "; ".join(identities)


def _within(visit: Visit) -> bool:
    if visit.outcome == VisitOutcome.ANSWERED:
        return True
    petition = visit.petition
    if visit.outcome != VisitOutcome.PETITION or petition is None:
        return False
    return petition.within_jurisdiction is not False and petition.outcome not in (Outcome.GUIDED, Outcome.FORWARDED)


def _row(number: int, visit: Visit, documents: list[IssuedDocument], instructions: list[Instruction]) -> dict:
    petition = visit.petition
    links = list(visit.visitcitizen_set.all())
    person, identity = _person(visit, links)
    guidance = forwarding = ""
    if visit.outcome == VisitOutcome.GUIDED:
        guidance = visit.referred_to
    elif petition is not None and petition.outcome == Outcome.GUIDED:
        guidance = petition.competent_body
    if visit.outcome == VisitOutcome.FORWARDED:
        forwarding = visit.referred_to
    elif petition is not None and petition.outcome == Outcome.FORWARDED:
        forwarding = petition.competent_body
    elif petition is not None and petition.accepted_on:
        forwarding = f"Thụ lý tại đơn vị ngày {petition.accepted_on:%d/%m/%Y}"
    follow_up = []
    if petition is not None:
        follow_up.append(f"Đơn số {petition.registry_number}: {petition.get_status_display()}")
    for instruction in instructions:
        state = f"xong ngày {instruction.done_on:%d/%m/%Y}" if instruction.done_on else "chưa xong"
        follow_up.append(f"Chỉ đạo: {instruction.text} (hạn {instruction.due_date:%d/%m/%Y}, {state})")
    if visit.notified_on:
        follow_up.append(f"Đã thông báo cho công dân ngày {visit.notified_on:%d/%m/%Y}")
    notes = []
    if visit.kind in RECEPTION:
        notes.append(RECEPTION[visit.kind])
    if visit.is_crowd:
        notes.append("Đoàn đông người")
    if visit.is_repeat:
        notes.append("Tiếp nhiều lần")
    if visit.outcome == VisitOutcome.REFUSED:
        reason = RefusalReason(visit.refusal_reason).label if visit.refusal_reason in RefusalReason.values else ""
        notes.append(
            _with_numbers(f"Từ chối tiếp: {reason}", _numbers(documents, ("reception.refusal_notice",)), "thông báo")
        )
    elif visit.outcome == VisitOutcome.ANSWERED:
        notes.append("Đã giải thích, trả lời trực tiếp")
    receipts = _numbers(documents, ("reception.receipt",))
    if receipts:
        notes.append(f"Giấy biên nhận số {', '.join(receipts)}")
    if visit.notes:
        notes.append(visit.notes)
    return {
        "visit_id": visit.pk,
        "number": number,
        "log_number": visit.number,
        "date": f"{timezone.localtime(visit.visited_at):%d/%m/%Y}",
        "person": person,
        "identity": identity,
        "content": visit.content,
        "type": TYPE.get(visit.petition_type, visit.petition_type),
        "headcount": visit.headcount,
        "resolved_by": visit.previously_resolved_by,
        "within_jurisdiction": "x" if _within(visit) else "",
        "guidance": _with_numbers(guidance, _numbers(documents, GUIDANCE_KINDS), "văn bản hướng dẫn"),
        "forwarding": _with_numbers(forwarding, _numbers(documents, FORWARDING_KINDS), "văn bản chuyển đơn"),
        "follow_up": "; ".join(follow_up),
        "notes": "; ".join(notes),
    }


def _documents(visits: list[Visit]) -> dict[tuple[str, int | None], list[IssuedDocument]]:
    visit_ids = [visit.pk for visit in visits]
    petition_ids = [visit.petition_id for visit in visits if visit.petition_id]
    documents = IssuedDocument.objects.filter(superseded_at__isnull=True, status=IssuedDocument.Status.ISSUED).order_by(
        "issued_on", "id"
    )
    found: dict[tuple[str, int | None], list[IssuedDocument]] = {}
    for document in documents.filter(subject_type="reception.visit", subject_id__in=visit_ids) | documents.filter(
        subject_type="petitions.petition", subject_id__in=petition_ids
    ):
        found.setdefault((document.subject_type, document.subject_id), []).append(document)
    return found


def _unit_name() -> str:
    from tenants.models import Unit

    unit = Unit.objects.filter(schema_name=connection.schema_name).first()
    return unit.name if unit is not None else ""


def reception_log(*, date_from: date | None, date_to: date | None) -> ReceptionLog:
    """The log of the visits received in [date_from, date_to], oldest first, numbered from 1."""
    date_from, date_to = log_period_check(date_from, date_to)
    form = log_form_for(date_to)
    links = Prefetch("visitcitizen_set", queryset=VisitCitizen.objects.select_related("citizen").order_by("pk"))
    visits = list(
        Visit.objects.filter(visited_at__date__gte=date_from, visited_at__date__lte=date_to)
        .select_related("petition")
        .prefetch_related(links)
        .order_by("visited_at", "id")
    )
    documents = _documents(visits)
    instructions: dict[int | None, list[Instruction]] = {}
    for instruction in Instruction.objects.filter(visit__in=visits).order_by("due_date", "id"):
        instructions.setdefault(instruction.visit_id, []).append(instruction)
    with translation.override("vi"):
        rows = [
            _row(
                number,
                visit,
                documents.get(("reception.visit", visit.pk), [])
                + documents.get(("petitions.petition", visit.petition_id or 0), []),
                instructions.get(visit.pk, []),
            )
            for number, visit in enumerate(visits, start=1)
        ]
    return ReceptionLog(form=form, date_from=date_from, date_to=date_to, unit_name=_unit_name(), rows=rows)
