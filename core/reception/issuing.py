"""How the reception steps fill their documents from the reception log (NĐ 154/2026 from 1/7/2026,
TT 04/2021 before; domain.md §4.7, §5.1, §5.7): the refusal notice 01/TCD, the receipt 02/TCD and
the conclusion notice of a leader's session. The builders only read; the steps' services issue
what they return through the document engine (``core.documents.services.document_issue``), in the
step's own transaction.

A denouncer is never named: a visit about a denunciation stores no citizen (Denunciations Law
Art. 47), so its documents say ``SEALED_SENDER`` and leave the denouncer's signature line blank
for the hand.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone, translation

from core.catalogue.selectors import field_choices
from core.petitions.choices import SEALED_SENDER_TYPES, PetitionType
from core.petitions.issuing.common import SEALED_SENDER

from .choices import RefusalReason, SessionKind
from .models import Instruction, ReceptionSession, UnitProfile, Visit, VisitCitizen


@dataclass(frozen=True)
class Issue:
    """What the engine needs for one document besides its kind and dates (as the petitions' steps
    give it, ``core.petitions.issuing.registry.Issue``, whose registry the reception log's reads
    must not pull in)."""

    context: dict
    kinh_gui: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)


#: How a form names what the citizen came to do ("để khiếu nại", "nội dung tố cáo").
PETITION_KIND: dict[str, str] = {
    PetitionType.COMPLAINT: "khiếu nại",
    PetitionType.DENUNCIATION: "tố cáo",
    PetitionType.RECOMMENDATION: "kiến nghị",
    PetitionType.FEEDBACK: "phản ánh",
    PetitionType.MIXED: "khiếu nại, tố cáo, kiến nghị, phản ánh",
}
SESSION_KIND: dict[str, str] = {
    SessionKind.PERIODIC: "định kỳ",
    SessionKind.AD_HOC: "đột xuất",
    SessionKind.ONLINE: "trực tuyến",
}
#: The identity document as the forms write it (NĐ 154/2026 Art. 12(1)), whatever the page's language.
ID_KIND = {"cccd": "Căn cước", "cmnd": "Chứng minh nhân dân", "passport": "Hộ chiếu"}
#: The receipt is made in two copies: one for the citizen, one for the file.
RECEIPT_COPIES = "02"


def _in_vietnamese(build):
    """Labels kept as translatable choices (grounds, types, fields) go into a document in Vietnamese,
    whatever the language of the page that issued it."""

    @functools.wraps(build)
    def wrapped(*args, **kwargs):
        with translation.override("vi"):
            return build(*args, **kwargs)

    return wrapped


def is_sealed(visit: Visit) -> bool:
    return visit.petition_type in SEALED_SENDER_TYPES or bool(
        visit.petition is not None and visit.petition.is_confidential
    )


def _links(visit: Visit) -> list[VisitCitizen]:
    return list(visit.visitcitizen_set.select_related("citizen").order_by("-is_representative", "pk"))


def _id_line(citizen) -> str:
    if not citizen.id_number:
        return ""
    label = ID_KIND.get(citizen.id_kind, "Giấy tờ tùy thân")
    return f"{label} số {citizen.id_number}"


def _person(visit: Visit) -> dict:
    """Who the document is addressed to or received from: the representative, else the first
    person listed; a group says how many came."""
    if is_sealed(visit):
        return {"name": SEALED_SENDER, "id_line": "", "address": "", "signer": ""}
    links = _links(visit)
    if not links:
        return {"name": "Công dân", "id_line": "", "address": "", "signer": ""}
    citizen = links[0].citizen
    name = citizen.full_name
    if visit.headcount > 1:
        role = "đại diện đoàn" if visit.is_crowd else "cùng"
        name = f"{name} ({role} {visit.headcount} người)"
    return {
        "name": name,
        "id_line": _id_line(citizen),
        "address": citizen.address_street,
        "signer": citizen.full_name,
    }


def _head_signature(actor) -> dict:
    """The head signs the refusal notice (NĐ 154/2026 Art. 4(3)); without a recorded head, the
    officer recording the refusal does."""
    profile = UnitProfile.objects.select_related("head").first()
    if profile is None or profile.head is None:
        return {}
    return {"title": profile.head_title or getattr(profile.head, "position", ""), "name": profile.head.display_name}


@_in_vietnamese
def refusal_notice(visit: Visit, ground, actor) -> Issue:
    """Form 01/TCD for a refusal on a ground that requires it (``RefusalGround.requires_notice``)."""
    person = _person(visit)
    return Issue(
        context={
            "citizen": {key: person[key] for key in ("name", "id_line", "address")},
            "visited_on": timezone.localtime(visit.visited_at).date().isoformat(),
            "petition_kind": PETITION_KIND.get(visit.petition_type, "kiến nghị, phản ánh"),
            "matter": visit.content,
            "ground": {
                "code": ground.code,
                "label": str(RefusalReason(ground.code).label) if ground.code in RefusalReason.values else "",
                "basis": ground.legal_basis,
            },
            "signature": _head_signature(actor),
        },
        kinh_gui=[person["name"]],
        recipients=["Như trên", "Lưu: VT, hồ sơ"],
    )


def receipt(visit: Visit, actor, items: list[str]) -> Issue:
    """Form 02/TCD: the documents and information received, signed by the citizen and the officer."""
    at = timezone.localtime(visit.visited_at)
    return Issue(
        context={
            "received_time": f"{at:%H} giờ {at:%M}",
            "received_on": at.date().isoformat(),
            "place": visit.place,
            "officer": {"name": actor.display_name, "position": getattr(actor, "position", "") or ""},
            "provider": _person(visit),
            "items": list(items),
            "copies": RECEIPT_COPIES,
        },
    )


def _visitor_line(visit: Visit) -> str:
    """Who raised the matter, for the session notice: never a denouncer's name."""
    if is_sealed(visit):
        return SEALED_SENDER
    links = list(visit.visitcitizen_set.all())
    if visit.is_crowd:
        names = ", ".join(link.citizen.full_name for link in links if link.is_representative)
        return f"Đoàn {visit.headcount} người, đại diện: {names or '—'}"
    names = ", ".join(link.citizen.full_name for link in links)
    if visit.headcount > max(len(links), 1):
        return f"{names} ({visit.headcount} người)"
    return names or "—"


def _instruction(instruction: Instruction) -> dict:
    assignee = instruction.assignee_body
    if instruction.assignee is not None:
        assignee += f" (cán bộ phụ trách: {instruction.assignee.display_name})"
    return {"text": instruction.text, "assignee": assignee, "due_date": instruction.due_date.isoformat()}


@_in_vietnamese
def session_notice(session: ReceptionSession) -> Issue:
    """The conclusion notice of a leader's session (NĐ 154/2026 Art. 25(2); TT 04/2021 Art. 9(2)
    before): every matter received in it and every instruction given."""
    profile = UnitProfile.objects.first()
    head_title = profile.head_title if profile and profile.head_title else "Thủ trưởng cơ quan"
    presiding = session.presiding
    citizens = Prefetch("visitcitizen_set", queryset=VisitCitizen.objects.select_related("citizen").order_by("pk"))
    visits = list(session.visits.select_related("petition").prefetch_related(citizens).order_by("visited_at", "id"))
    instructions = list(session.instructions.select_related("assignee").order_by("id"))
    by_visit: dict[int | None, list[dict]] = {}
    for instruction in instructions:
        by_visit.setdefault(instruction.visit_id, []).append(_instruction(instruction))
    fields = dict(field_choices())
    types = dict(PetitionType.choices)
    matters = [
        {
            "number": number,
            "visitor": _visitor_line(visit),
            "type_label": str(types.get(visit.petition_type, visit.petition_type)),
            "field_label": str(fields.get(visit.field_code, visit.field_code)),
            "log_number": visit.number,
            "content": visit.content,
            "registry_number": visit.petition.registry_number if visit.petition else "",
            "instructions": by_visit.get(visit.pk, []),
        }
        for number, visit in enumerate(visits, start=1)
    ]
    presiding_line = presiding.display_name + (f", {presiding.position}" if presiding.position else "")
    bodies = list(dict.fromkeys(instruction.assignee_body for instruction in instructions))
    return Issue(
        context={
            "session": {
                "date": session.date.isoformat(),
                "start_time": f"{session.start_time:%H} giờ {session.start_time:%M}",
                "place": session.place,
                "kind_label": SESSION_KIND.get(session.kind, ""),
                "presiding": presiding_line,
                "substitution": session.substitution_reason if session.is_substitution else "",
                "attendees": session.attendees,
            },
            "visit_count": len(visits),
            "people_count": sum(visit.headcount for visit in visits),
            "head_title": head_title,
            "matters": matters,
            "general_instructions": by_visit.get(None, []),
            "signature": {"title": presiding.position or "Người chủ trì", "name": presiding.display_name},
        },
        recipients=[*bodies, "Công dân có liên quan"],
    )
