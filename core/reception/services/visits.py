"""Recording citizens' visits (the reception log).

A visit's outcome can be registering a petition, which happens in the same transaction through
the petitions service, so the visit and its petition never exist one without the other.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.access import require_perm
from core.common.errors import ApplicationError
from core.common.text import nfc
from core.documents.services import document_issue
from core.legal.selectors import DeadlineRuleNotFound, compute, refusal_ground_get
from core.petitions.choices import SEALED_SENDER_TYPES
from core.petitions.models import Citizen
from core.petitions.services.citizens import citizen_create
from core.petitions.services.petitions import petition_register
from tenants.db import connection

from ..choices import RefusalReason, VisitOutcome
from ..issuing import is_sealed, receipt, refusal_notice
from ..models import Matter, Visit, VisitCitizen
from ..permissions import LOG_VISIT
from ..rules import crowd_threshold
from .index import reception_index, reception_stat_push

#: What one receipt (Form 02/TCD) lists at most, and how long one item's description may be.
MAX_DOCUMENTS = 50
MAX_DOCUMENT_LENGTH = 500


def representatives_allowed(headcount: int) -> tuple[int, int]:
    """How many representatives a group must appoint (Reception Law Art. 29): 5–10 people: 1–2;
    more than 10: more, but at most 5."""
    if headcount <= 10:
        return 1, 2
    return 1, 5


def _next_number(year: int) -> str:
    with connection.cursor() as cursor:
        # Serialise numbering per unit schema and year; released at commit.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{connection.schema_name}:visit:{year}"])
    count = Visit.objects.filter(visited_at__year=year).count()
    return f"{count + 1:05d}/{year}"


def _find_matter(*, citizens: list[dict], field_code: str, matter_id: int | None) -> tuple[Matter | None, bool]:
    """The matter of an earlier visit on the same subject: chosen by the officer, or the same
    identity number on the same field. Returns (matter, is_repeat)."""
    if matter_id:
        return Matter.objects.get(pk=matter_id), True
    numbers = [c["id_number"] for c in citizens if c.get("id_number")]
    if not numbers:
        return None, False
    earlier = (
        Visit.objects.filter(field_code=field_code, citizens__id_number__in=numbers)
        .select_related("matter")
        .order_by("-visited_at")
        .first()
    )
    return (earlier.matter, True) if earlier else (None, False)


@transaction.atomic
def visit_log(
    *,
    actor,
    visited_at: datetime,
    place: str,
    petition_type: str,
    field_code: str,
    content: str,
    outcome: str,
    citizens: list[dict] | None = None,
    headcount: int = 1,
    kind: str = "regular",
    session=None,
    documents_received: list[str] | None = None,
    previously_resolved_by: str = "",
    refusal_reason: str = "",
    referred_to: str = "",
    matter_id: int | None = None,
    subject: str = "",
    notes: str = "",
) -> Visit:
    """Record one visit (one person or a group) and, when the outcome is a petition, register it.
    ``documents_received``: one description per document the citizen handed in (name, pages,
    original or copy); they are listed on the receipt (Form 02/TCD) issued with the visit. A refusal
    on a ground that requires it issues the refusal notice (Form 01/TCD)."""
    require_perm(actor, LOG_VISIT)
    place, content, previously_resolved_by, referred_to, subject, notes = nfc(
        [place, content, previously_resolved_by, referred_to, subject, notes]
    )
    items = _documents_received(documents_received, outcome)
    citizens = nfc(citizens or [])
    day = timezone.localtime(visited_at).date() if timezone.is_aware(visited_at) else visited_at.date()
    if day > timezone.localdate():
        raise ApplicationError(_("The visit cannot be in the future."), extra={"field": "visited_at"})
    if not content:
        raise ApplicationError(_("Write down what the citizen raised."), extra={"field": "content"})
    if outcome not in VisitOutcome.values:
        raise ApplicationError(_("Unknown outcome."), extra={"field": "outcome"})
    # A denouncer, alone or in a letter of mixed contents, is never stored as a citizen (sealed).
    confidential = petition_type in SEALED_SENDER_TYPES
    if not citizens and not confidential:
        raise ApplicationError(_("Record who came (name and identity document)."), extra={"field": "citizens"})
    # Those beyond the list (a crowd names only its representatives) are counted, never the
    # reverse: a headcount below the list is a typing error, not a smaller visit.
    if headcount < 1:
        raise ApplicationError(_("Give the number of people who came."), extra={"field": "headcount"})
    if headcount < len(citizens):
        raise ApplicationError(
            _("The number of people (%(headcount)d) is smaller than the number of people listed (%(listed)d).")
            % {"headcount": headcount, "listed": len(citizens)},
            extra={"field": "headcount"},
        )
    is_crowd = headcount >= crowd_threshold(day)
    representatives = [c for c in citizens if c.get("is_representative")]
    if is_crowd:
        low, high = representatives_allowed(headcount)
        if not low <= len(representatives) <= high:
            raise ApplicationError(
                _("A group of %(n)d people appoints %(low)d to %(high)d representatives (Reception Law Art. 29).")
                % {"n": headcount, "low": low, "high": high},
                extra={"field": "citizens"},
            )
    ground = None
    if outcome == VisitOutcome.REFUSED:
        if refusal_reason not in RefusalReason.values:
            raise ApplicationError(_("Give the legal ground for refusing."), extra={"field": "refusal_reason"})
        ground = refusal_ground_get(code=refusal_reason, on=day)
        if ground is None:
            raise ApplicationError(
                _("“%(ground)s” is not a ground for refusing reception on %(date)s.")
                % {"ground": RefusalReason(refusal_reason).label, "date": f"{day:%d/%m/%Y}"},
                extra={"field": "refusal_reason"},
            )
    elif refusal_reason:
        raise ApplicationError(_("A refusal ground goes with a refusal only."), extra={"field": "refusal_reason"})
    if outcome in (VisitOutcome.GUIDED, VisitOutcome.FORWARDED) and not referred_to:
        raise ApplicationError(_("Name the competent body."), extra={"field": "referred_to"})

    # A denouncer is never matched by identity: joining a named visit's matter would reveal them.
    matter, is_repeat = _find_matter(
        citizens=[] if confidential else citizens, field_code=field_code, matter_id=None if confidential else matter_id
    )
    if matter is None:
        matter = Matter.objects.create(title=(subject or content)[:500], field_code=field_code)
    notice = compute(code="reception.outcome_notice", start=day)
    refusal_notice = _refusal_notice(ground, day)
    visit = Visit(
        number=_next_number(day.year),
        visited_at=visited_at,
        kind=kind,
        session=session,
        place=place,
        received_by=actor,
        headcount=headcount,
        is_crowd=is_crowd,
        petition_type=petition_type,
        field_code=field_code,
        content=content,
        previously_resolved_by=previously_resolved_by,
        documents_received="\n".join(items),
        outcome=outcome,
        refusal_reason=refusal_reason,
        referred_to=referred_to,
        matter=matter,
        is_repeat=is_repeat,
        notice_due_date=notice.due_date,
        notice_rule_basis=notice.legal_basis,
        notified_on=day if outcome in (VisitOutcome.ANSWERED, VisitOutcome.REFUSED) else None,
        refusal_notice_due_date=refusal_notice.due_date if refusal_notice else None,
        refusal_notice_rule_basis=refusal_notice.legal_basis if refusal_notice else "",
        notes=notes,
    )
    if outcome == VisitOutcome.PETITION:
        # The petition carries the senders (sealed for a denunciation) and the clocks.
        visit.petition = petition_register(
            actor=actor,
            channel="reception",
            received_date=day,
            petition_type=petition_type,
            field_code=field_code,
            subject=subject or content[:500],
            summary=content,
            signer_kind="anonymous" if not citizens else "several" if headcount > 1 else "one",
            signers=citizens,
            signer_count=headcount,
        )
    visit.save()
    if not confidential:
        for data in citizens:
            VisitCitizen.objects.create(
                visit=visit, citizen=_visitor(data, visit), is_representative=bool(data.get("is_representative"))
            )
    matter.visit_count += 1
    matter.first_visit_on = min(filter(None, [matter.first_visit_on, day]))
    matter.last_visit_on = max(filter(None, [matter.last_visit_on, day]))
    matter.has_crowd = matter.has_crowd or is_crowd
    matter.save()
    reception_index(visits=[visit])
    reception_stat_push()
    _visit_documents_issue(visit=visit, actor=actor, day=day, items=items, ground=ground)
    return visit


def _documents_received(items: list[str] | None, outcome: str) -> list[str]:
    """The documents handed in, one description each; blank lines are dropped."""
    field = {"field": "documents_received"}
    if not items:
        return []
    if isinstance(items, str) or not all(isinstance(item, str) for item in items):
        raise ApplicationError(_("List the documents received one by one."), extra=field)
    items = [item.strip() for item in nfc(list(items)) if item.strip()]
    if len(items) > MAX_DOCUMENTS:
        raise ApplicationError(
            _("One receipt lists at most %(count)d documents.") % {"count": MAX_DOCUMENTS}, extra=field
        )
    if any(len(item) > MAX_DOCUMENT_LENGTH for item in items):
        raise ApplicationError(
            _("Describe each document in at most %(count)d characters.") % {"count": MAX_DOCUMENT_LENGTH},
            extra=field,
        )
    if items and outcome == VisitOutcome.REFUSED:
        raise ApplicationError(_("Documents are received only from a citizen who is received."), extra=field)
    return items


def _visit_documents_issue(*, visit: Visit, actor, day: date, items: list[str], ground) -> None:
    """The visit's documents, numbered in the unit's register in the visit's own transaction: the
    receipt for what was handed in, the refusal notice where the ground requires one."""
    sealed = is_sealed(visit)
    issued = []
    if items:
        issued.append(("reception.receipt", receipt(visit, actor, items)))
    if ground is not None and ground.requires_notice:
        issued.append(("reception.refusal_notice", refusal_notice(visit, ground, actor)))
    for kind, issue in issued:
        document_issue(
            kind=kind,
            on_date=day,
            actor=actor,
            context=issue.context,
            subject=visit,
            sealed=sealed,
            kinh_gui=issue.kinh_gui,
            recipients=issue.recipients,
        )


def _refusal_notice(ground, day: date):
    """The refusal notice (01/TCD) a "persistent" ground requires, within 3 working days (NĐ 154/2026
    Art. 4(3)); no clock before that rule is in force."""
    if ground is None or not ground.requires_notice:
        return None
    try:
        return compute(code="reception.refusal_notice", start=day)
    except DeadlineRuleNotFound:
        return None


def _visitor(data: dict, visit: Visit) -> Citizen:
    """Reuse the petition's citizen record when the visit registered one, else create it."""
    if visit.petition is not None:
        existing = visit.petition.citizens.filter(full_name=data["full_name"]).first()
        if existing is not None:
            return existing
    return citizen_create(data)


def visit_notify(*, actor, visit: Visit, on: date | None = None) -> Visit:
    """The citizen was told the outcome (Reception Law Art. 28(1))."""
    require_perm(actor, LOG_VISIT)
    visit.notified_on = on or timezone.localdate()
    visit.save(update_fields=["notified_on"])
    return visit
