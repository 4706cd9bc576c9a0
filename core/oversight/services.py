"""Writes of the provincial inspectorate: inspections and their recommendations, case-access grants,
and the one place that opens another unit's case (under a grant, audited, without personal data).

Keyword-only functions, one transaction each; refusals raise ``core.common.errors`` exceptions that
the pages and the API turn into 4xx responses.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from core.accounts.audit import Kind, audit_append
from core.caseindex.models import CaseIndexEntry
from core.catalogue.selectors import field_label
from core.common.dates import today as _today
from core.common.errors import ApplicationError, ConflictError, PermissionDeniedError
from core.petitions.choices import Channel, Outcome, PetitionType, SignerKind, Status
from core.petitions.models import Deadline, Petition
from core.petitions.workflow import event_label
from tenants.models import Unit

from .access import can_approve_grants, can_manage_inspections, is_province_viewer
from .models import CaseAccessGrant, CaseAccessLog, Inspection, InspectionRecommendation
from .selectors import grant_active

#: The longest grant given outside an inspection (an inspection's grants cover its dates).
MAX_GRANT_DAYS = 90
MIN_REASON = 10


def _require_manager(actor, inspectorate: Unit) -> None:
    if not can_manage_inspections(actor, inspectorate):
        raise PermissionDeniedError(_("Only the provincial inspectorate's inspectors may do this."))


def _province_unit(inspectorate: Unit, unit_code: str, *, field: str = "unit_code") -> Unit:
    unit = (
        Unit.objects.filter(code=(unit_code or "").strip().upper(), province_code=inspectorate.province_code)
        .exclude(pk=inspectorate.pk)
        .first()
    )
    if unit is None:
        raise ApplicationError(
            _("“%(code)s” is not another unit of this province.") % {"code": unit_code}, extra={"field": field}
        )
    return unit


def _inspectorate_accounts(inspectorate: Unit, usernames: list[str], *, field: str) -> list[str]:
    """The given accounts, each an active inspector of ``inspectorate`` (read in its own schema)."""
    from core.accounts.models import User

    usernames = list(dict.fromkeys(name.strip() for name in usernames if name and name.strip()))
    with schema_context(inspectorate.schema_name):
        users = {user.username: user for user in User.objects.filter(username__in=usernames, is_active=True)}
        unknown = [name for name in usernames if name not in users or not is_province_viewer(users[name], inspectorate)]
    if unknown:
        raise ApplicationError(
            _("Not an active inspector of this inspectorate: %(names)s.") % {"names": ", ".join(unknown)},
            extra={"field": field},
        )
    return usernames


def _check_dates(start: date, end: date, *, field: str, message) -> None:
    if end < start:
        raise ApplicationError(message, extra={"field": field})


# --- Grants --------------------------------------------------------------------------------------


def _grant_issue(*, inspectorate: Unit, actor, username: str, unit_code: str, valid_from, valid_to, reason, inspection):
    grant = CaseAccessGrant(
        inspectorate_code=inspectorate.code,
        username=username,
        unit_code=unit_code,
        valid_from=valid_from,
        valid_to=valid_to,
        reason=reason,
        inspection=inspection,
        granted_by=actor.username,
    )
    grant.full_clean()
    grant.save()
    audit_append(kind=Kind.GRANT_REQUESTED, actor=actor, target=username, data=_grant_facts(grant))
    return grant


def _grant_facts(grant: CaseAccessGrant) -> dict:
    return {
        "grant": grant.pk,
        "unit": grant.unit_code,
        "valid_from": grant.valid_from,
        "valid_to": grant.valid_to,
        "reason": grant.reason,
        "inspection": grant.inspection_id,
        "requested_by": grant.granted_by,
    }


def _grant_locked(grant: CaseAccessGrant, inspectorate: Unit) -> CaseAccessGrant:
    if grant.inspectorate_code != inspectorate.code:
        raise PermissionDeniedError(_("This grant belongs to another inspectorate."))
    return CaseAccessGrant.objects.select_for_update().get(pk=grant.pk)


@transaction.atomic
def grant_approve(*, grant: CaseAccessGrant, inspectorate: Unit, actor) -> CaseAccessGrant:
    """The second pair of eyes: another inspector or the inspectorate's head approves the grant,
    which opens the unit's cases from then on. Neither the grantee nor who asked may approve."""
    if not can_approve_grants(actor, inspectorate):
        raise PermissionDeniedError(_("Only another inspector or the inspectorate's head may approve a grant."))
    grant = _grant_locked(grant, inspectorate)
    if not grant.is_pending:
        raise ConflictError(_("This grant is no longer awaiting approval."))
    if actor.username in (grant.username, grant.granted_by):
        raise PermissionDeniedError(
            _("A second person must approve: not the inspector it is for, nor the one who asked for it.")
        )
    grant.approved_by = actor.username
    grant.approved_at = timezone.now()
    grant.save(update_fields=["approved_by", "approved_at"])
    audit_append(kind=Kind.GRANT_APPROVED, actor=actor, target=grant.username, data=_grant_facts(grant))
    return grant


@transaction.atomic
def grant_reject(*, grant: CaseAccessGrant, inspectorate: Unit, actor) -> CaseAccessGrant:
    """Turn a pending grant down: it is closed (as revoked) and never opens anything."""
    if not can_approve_grants(actor, inspectorate):
        raise PermissionDeniedError(_("Only another inspector or the inspectorate's head may approve a grant."))
    grant = _grant_locked(grant, inspectorate)
    if not grant.is_pending:
        raise ConflictError(_("This grant is no longer awaiting approval."))
    grant.revoked_at = timezone.now()
    grant.revoked_by = actor.username
    grant.save(update_fields=["revoked_at", "revoked_by"])
    audit_append(kind=Kind.GRANT_REJECTED, actor=actor, target=grant.username, data=_grant_facts(grant))
    return grant


@transaction.atomic
def grant_create(
    *,
    inspectorate: Unit,
    actor,
    username: str,
    unit_code: str,
    valid_from: date,
    valid_to: date,
    reason: str,
    inspection: Inspection | None = None,
) -> CaseAccessGrant:
    """Let one inspector open one unit's cases from ``valid_from`` to ``valid_to`` (inclusive)."""
    _require_manager(actor, inspectorate)
    unit = _province_unit(inspectorate, unit_code)
    if not (username or "").strip():
        raise ApplicationError(_("Name the inspector."), extra={"field": "username"})
    (username,) = _inspectorate_accounts(inspectorate, [username], field="username")
    if username == actor.username:
        raise PermissionDeniedError(_("No one may grant themselves access to a unit's cases: ask another inspector."))
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ApplicationError(_("State the reason (at least 10 characters)."), extra={"field": "reason"})
    _check_dates(valid_from, valid_to, field="valid_to", message=_("The grant cannot end before it starts."))
    if valid_to < _today():
        raise ApplicationError(_("The grant would already have ended."), extra={"field": "valid_to"})
    if inspection is None and (valid_to - valid_from).days + 1 > MAX_GRANT_DAYS:
        raise ApplicationError(
            _("A grant outside an inspection lasts at most %(days)s days.") % {"days": MAX_GRANT_DAYS},
            extra={"field": "valid_to"},
        )
    if inspection is not None and inspection.inspectorate_code != inspectorate.code:
        raise ApplicationError(_("Unknown inspection."), extra={"field": "inspection"})
    return _grant_issue(
        inspectorate=inspectorate,
        actor=actor,
        username=username,
        unit_code=unit.code,
        valid_from=valid_from,
        valid_to=valid_to,
        reason=reason,
        inspection=inspection,
    )


@transaction.atomic
def grant_revoke(*, grant: CaseAccessGrant, inspectorate: Unit, actor) -> CaseAccessGrant:
    _require_manager(actor, inspectorate)
    if grant.inspectorate_code != inspectorate.code:
        raise PermissionDeniedError(_("This grant belongs to another inspectorate."))
    if grant.revoked_at is None:
        grant.revoked_at = timezone.now()
        grant.revoked_by = actor.username
        grant.save(update_fields=["revoked_at", "revoked_by"])
        audit_append(kind=Kind.GRANT_REVOKED, actor=actor, target=grant.username, data=_grant_facts(grant))
    return grant


# --- Opening another unit's case ---------------------------------------------------------------

#: The petition's own fields an inspector sees under a grant. An allowlist on purpose: a field added
#: to the petition later is not shown here until someone decides it may be. No sender, no receipt
#: code, no sealed identity, no attachment, no note.
CASE_FIELDS = (
    "case_id",
    "registry_number",
    "received_date",
    "channel",
    "forwarded_by",
    "forwarding_reference",
    "petition_type",
    "field_code",
    "subject",
    "summary",
    "signer_kind",
    "signer_count",
    "is_confidential",
    "has_concrete_evidence",
    "status",
    "is_processable",
    "not_processable_reason",
    "within_jurisdiction",
    "outcome",
    "competent_body",
    "complaint_level",
    "complexity",
    "is_remote_area",
    "accepted_on",
    "decided_on",
    "closed_on",
    "extensions",
    "decision_summary",
    "next_due_date",
)
DEADLINE_FIELDS = (
    "code",
    "description",
    "legal_basis",
    "start_date",
    "due_date",
    "state",
    "closed_on",
    "extensions",
    "is_statutory",
)
EVENT_FIELDS = ("kind", "from_status", "to_status", "event_date")


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def _case_facts(petition) -> dict:
    """Read inside the unit's schema: every related row is fetched here, never lazily later."""
    facts = {name: getattr(petition, name) for name in CASE_FIELDS}
    facts["labels"] = {
        "petition_type": _label(PetitionType, petition.petition_type),
        "field_code": field_label(petition.field_code),
        "channel": _label(Channel, petition.channel),
        "status": _label(Status, petition.status),
        "outcome": _label(Outcome, petition.outcome) if petition.outcome else "",
    }
    facts["labels"]["signer_kind"] = _label(SignerKind, petition.signer_kind)
    facts["deadlines"] = [
        {**row, "state_label": _label(Deadline.State, row["state"])}
        for row in petition.deadlines.order_by("due_date", "id").values(*DEADLINE_FIELDS)
    ]
    facts["timeline"] = [
        {
            **row,
            "label": event_label(row["kind"]),
            "from_status_label": _label(Status, row["from_status"]) if row["from_status"] else "",
            "to_status_label": _label(Status, row["to_status"]) if row["to_status"] else "",
        }
        for row in petition.events.order_by("event_date", "at", "id").values(*EVENT_FIELDS)
    ]
    return facts


@transaction.atomic
def case_open(*, inspectorate: Unit, actor, case_id: uuid.UUID, today: date | None = None) -> dict:
    """Another unit's case as an inspector may see it, under a grant valid today; the read is logged.

    Raises ``PermissionDeniedError`` without a grant, ``Petition.DoesNotExist`` (404) for a case id
    outside the inspectorate's province.
    """
    if not is_province_viewer(actor, inspectorate):
        raise PermissionDeniedError(_("Only the provincial inspectorate's inspectors may do this."))
    today = today or _today()
    entry = CaseIndexEntry.objects.filter(case_id=case_id, province_code=inspectorate.province_code).first()
    if entry is None:
        raise Petition.DoesNotExist
    grant = grant_active(
        inspectorate_code=inspectorate.code, username=actor.username, unit_code=entry.unit_code, today=today
    )
    if grant is None:
        raise PermissionDeniedError(
            _("Opening a case of another unit needs a grant valid today for that unit (e.g. during an inspection).")
        )
    unit = Unit.objects.filter(code=entry.unit_code, province_code=inspectorate.province_code).first()
    if unit is None:
        raise Petition.DoesNotExist
    opening = {
        "inspectorate": inspectorate.code,
        "unit": unit.code,
        "grant": grant.pk,
        "approved_by": grant.approved_by,
    }
    with schema_context(unit.schema_name):
        facts = _case_facts(Petition.objects.get(case_id=case_id))
        # The opened unit's own log shows who of the inspectorate looked at which case, and under what.
        audit_append(kind=Kind.CASE_OPENED, actor=actor, target=str(case_id), data=opening)
    CaseAccessLog.objects.create(
        inspectorate_code=inspectorate.code,
        username=actor.username,
        unit_code=unit.code,
        case_id=case_id,
        grant=grant,
    )
    audit_append(kind=Kind.CASE_OPENED, actor=actor, target=str(case_id), data=opening)
    return {"unit_code": unit.code, "unit_name": unit.name, "grant_valid_to": grant.valid_to, **facts}


# --- Inspections and recommendations -----------------------------------------------------------

INSPECTION_FIELDS = (
    "unit_code",
    "decision_number",
    "scope",
    "period_start",
    "period_end",
    "starts_on",
    "ends_on",
    "team",
    "findings",
)
#: Changing one of these re-issues the team's grants (the old ones are revoked, kept for the audit).
GRANT_FIELDS = ("unit_code", "starts_on", "ends_on", "team")


def _inspection_validate(inspection: Inspection, inspectorate: Unit) -> None:
    inspection.unit_code = _province_unit(inspectorate, inspection.unit_code).code
    inspection.team = _inspectorate_accounts(inspectorate, inspection.team or [], field="team")
    if not inspection.team:
        raise ApplicationError(_("Name at least one member of the team."), extra={"field": "team"})
    if not inspection.decision_number.strip() or not inspection.scope.strip():
        raise ApplicationError(_("Give the decision number and the scope."), extra={"field": "scope"})
    _check_dates(
        inspection.period_start,
        inspection.period_end,
        field="period_end",
        message=_("The inspected period cannot end before it starts."),
    )
    _check_dates(
        inspection.starts_on,
        inspection.ends_on,
        field="ends_on",
        message=_("The inspection cannot end before it starts."),
    )
    inspection.full_clean()


def _team_grants(inspection: Inspection, inspectorate: Unit, actor) -> list[CaseAccessGrant]:
    reason = _("Inspection %(number)s") % {"number": inspection.decision_number}
    return [
        _grant_issue(
            inspectorate=inspectorate,
            actor=actor,
            username=username,
            unit_code=inspection.unit_code,
            valid_from=inspection.starts_on,
            valid_to=inspection.ends_on,
            reason=reason,
            inspection=inspection,
        )
        for username in inspection.team
    ]


@transaction.atomic
def inspection_create(
    *,
    inspectorate: Unit,
    actor,
    unit_code: str,
    decision_number: str,
    scope: str,
    period_start: date,
    period_end: date,
    starts_on: date,
    ends_on: date,
    team: list[str] | None = None,
    findings: str = "",
    issue_grants: bool = True,
) -> Inspection:
    """Record an inspection of a unit; its team may open that unit's cases over the inspection dates."""
    _require_manager(actor, inspectorate)
    inspection = Inspection(
        inspectorate_code=inspectorate.code,
        unit_code=unit_code,
        decision_number=(decision_number or "").strip(),
        scope=(scope or "").strip(),
        period_start=period_start,
        period_end=period_end,
        starts_on=starts_on,
        ends_on=ends_on,
        team=list(team or []),
        findings=findings or "",
        created_by=actor.username,
    )
    _inspection_validate(inspection, inspectorate)
    inspection.save()
    if issue_grants:
        _team_grants(inspection, inspectorate, actor)
    return inspection


@transaction.atomic
def inspection_update(*, inspection: Inspection, inspectorate: Unit, actor, **changes) -> Inspection:
    """Change an inspection; if its unit, dates or team change, its grants are re-issued to match."""
    _require_manager(actor, inspectorate)
    if inspection.inspectorate_code != inspectorate.code:
        raise PermissionDeniedError(_("This inspection belongs to another inspectorate."))
    unknown = set(changes) - set(INSPECTION_FIELDS)
    if unknown:
        raise ApplicationError(_("These fields cannot be changed: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    before = {name: getattr(inspection, name) for name in GRANT_FIELDS}
    for name, value in changes.items():
        setattr(inspection, name, value)
    _inspection_validate(inspection, inspectorate)
    inspection.save()
    if any(getattr(inspection, name) != before[name] for name in GRANT_FIELDS) and inspection.grants.exists():
        for grant in inspection.grants.filter(revoked_at__isnull=True):
            grant_revoke(grant=grant, inspectorate=inspectorate, actor=actor)
        _team_grants(inspection, inspectorate, actor)
    return inspection


def _recommendation_owned(recommendation: InspectionRecommendation, inspectorate: Unit) -> None:
    if recommendation.inspection.inspectorate_code != inspectorate.code:
        raise PermissionDeniedError(_("This recommendation belongs to another inspectorate."))


@transaction.atomic
def recommendation_create(
    *, inspection: Inspection, inspectorate: Unit, actor, text: str, due_date: date, unit_code: str = ""
) -> InspectionRecommendation:
    """A recommendation of ``inspection``, addressed to the inspected unit unless another is named."""
    _require_manager(actor, inspectorate)
    if inspection.inspectorate_code != inspectorate.code:
        raise PermissionDeniedError(_("This inspection belongs to another inspectorate."))
    if not (text or "").strip():
        raise ApplicationError(_("Write the recommendation."), extra={"field": "text"})
    recommendation = InspectionRecommendation(
        inspection=inspection,
        text=text.strip(),
        unit_code=_province_unit(inspectorate, unit_code or inspection.unit_code).code,
        due_date=due_date,
        created_by=actor.username,
    )
    recommendation.full_clean()
    recommendation.save()
    return recommendation


@transaction.atomic
def recommendation_update(
    *,
    recommendation: InspectionRecommendation,
    inspectorate: Unit,
    actor,
    text: str | None = None,
    due_date: date | None = None,
    unit_code: str | None = None,
    follow_up_notes: str | None = None,
) -> InspectionRecommendation:
    _require_manager(actor, inspectorate)
    _recommendation_owned(recommendation, inspectorate)
    if text is not None:
        if not text.strip():
            raise ApplicationError(_("Write the recommendation."), extra={"field": "text"})
        recommendation.text = text.strip()
    if due_date is not None:
        recommendation.due_date = due_date
    if unit_code is not None:
        recommendation.unit_code = _province_unit(inspectorate, unit_code).code
    if follow_up_notes is not None:
        recommendation.follow_up_notes = follow_up_notes.strip()
    recommendation.full_clean()
    recommendation.save()
    return recommendation


def _note_append(recommendation: InspectionRecommendation, *, actor, on: date, note: str) -> None:
    note = (note or "").strip()
    if note:
        line = f"{on:%d/%m/%Y} {actor.username}: {note}"
        recommendation.follow_up_notes = "\n".join(filter(None, [recommendation.follow_up_notes, line]))


@transaction.atomic
def recommendation_mark_done(
    *, recommendation: InspectionRecommendation, inspectorate: Unit, actor, done_on: date | None = None, note: str = ""
) -> InspectionRecommendation:
    """The responsible unit has carried the recommendation out (on ``done_on``, today by default)."""
    _require_manager(actor, inspectorate)
    _recommendation_owned(recommendation, inspectorate)
    if recommendation.status == InspectionRecommendation.Status.DONE:
        raise ConflictError(_("This recommendation is already done."))
    done_on = done_on or _today()
    if done_on > _today():
        raise ApplicationError(_("The date cannot be in the future."), extra={"field": "done_on"})
    recommendation.status = InspectionRecommendation.Status.DONE
    recommendation.done_on = done_on
    _note_append(recommendation, actor=actor, on=done_on, note=note)
    recommendation.full_clean()
    recommendation.save()
    return recommendation


@transaction.atomic
def recommendation_reopen(
    *, recommendation: InspectionRecommendation, inspectorate: Unit, actor, note: str = ""
) -> InspectionRecommendation:
    """Back to open (e.g. the follow-up check found it was not carried out after all)."""
    _require_manager(actor, inspectorate)
    _recommendation_owned(recommendation, inspectorate)
    if recommendation.status == InspectionRecommendation.Status.OPEN:
        raise ConflictError(_("This recommendation is already open."))
    recommendation.status = InspectionRecommendation.Status.OPEN
    recommendation.done_on = None
    _note_append(recommendation, actor=actor, on=_today(), note=note)
    recommendation.full_clean()
    recommendation.save()
    return recommendation
