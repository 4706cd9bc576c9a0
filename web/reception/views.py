"""The staff pages of citizen reception (under /u/<code>/tiep-dan/): the day's log, logging a
visit (one person or a group, registering its petition in the same step), the reception log,
matters and hot spots, leaders' sessions with their results notice and follow-up tasks,
dialogues, reception staff and training, rooms, the unit's reception profile and the head's
compliance.

Thin, like the API: each view parses a form and calls the selector or service the API calls. A
refusal (``core.common.errors``) is shown on the field it names, or as a message, with its 4xx
status; which actions a page offers follows the user's permissions and the object's state, and
the services decide whatever is posted.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.catalogue.selectors import field_choices
from core.common.errors import ApplicationError
from core.common.models import model_field
from core.documents.access import document_may_open
from core.documents.kinds import KINDS
from core.petitions.choices import SEALED_SENDER_TYPES, PetitionType
from core.petitions.models import Petition
from core.reception.choices import VISIT_KIND, SessionStatus
from core.reception.exports import XLSX, reception_log_xlsx
from core.reception.models import (
    Dialogue,
    Instruction,
    Matter,
    ReceptionOfficer,
    ReceptionRoom,
    ReceptionSession,
    Visit,
)
from core.reception.selectors.compliance import compliance_summary, period_default, window_state
from core.reception.selectors.dialogues import DIALOGUE_PERMS, DIALOGUE_STATES, dialogue_list
from core.reception.selectors.documents import session_documents, session_notice_document, visit_documents
from core.reception.selectors.instructions import instruction_list
from core.reception.selectors.logbook import reception_log
from core.reception.selectors.matters import matter_list
from core.reception.selectors.profile import unit_profile_get
from core.reception.selectors.sessions import (
    publication_check,
    publication_checks,
    session_clocks,
    session_for_visit,
    session_list,
    sessions_upcoming,
)
from core.reception.selectors.staff import duty_days, trained_share
from core.reception.selectors.visits import visit_get, visit_list, visitor_label
from core.reception.services.dialogues import dialogue_record, dialogue_schedule
from core.reception.services.instructions import instruction_add, instruction_complete
from core.reception.services.matters import matter_mark_hot_spot
from core.reception.services.profile import unit_profile_update
from core.reception.services.rooms import room_create, room_delete, room_update
from core.reception.services.sessions import (
    session_cancel,
    session_hold,
    session_notice_issue,
    session_postpone,
    session_publish,
    session_schedule,
    session_substitute,
    sessions_schedule_weekly,
)
from core.reception.services.staff import officer_create, officer_update, training_add
from core.reception.services.visits import visit_log, visit_notify
from tenants.http import UnitHttpRequest
from web.accounts.access import member_page
from web.common.forms import rows_requested
from web.common.run import run_service
from web.reception import forms

PAGE_SIZE = 50
LOG = "reception.log_visit"
MANAGE = "reception.manage_sessions"
STAFF = "reception.manage_reception_staff"


def reception_page(*perms: str):
    """Logged in, a member of this unit, with ``accounts.view_workspace`` and ``perms``."""
    return member_page("accounts.view_workspace", *perms)


def _get(model, pk: int):
    """The object in this unit's schema, or 404 (another unit's objects do not exist here)."""
    try:
        return model.objects.get(pk=pk)
    except model.DoesNotExist as exc:
        raise Http404 from exc


def _form_errors(form) -> str:
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


def _fields() -> dict[str, str]:
    return dict(field_choices())


def _documents(documents, user) -> list[dict]:
    """The documents issued with a visit or session, each with whether ``user`` may open it."""
    return [
        {"document": document, "kind": KINDS.get(document.kind), "may_open": document_may_open(user, document)}
        for document in documents.select_related("issued_by")
    ]


#
# Index and the reception log
#


@reception_page()
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    visits = list(visit_list(date_from=today, date_to=today))
    sessions_today = session_list(date_from=today, date_to=today)
    context = {
        "today": today,
        "rows": _visit_rows(visits),
        "people": sum(visit.headcount for visit in visits),
        "sessions_today": sessions_today,
        "upcoming": sessions_upcoming(today=today).exclude(date=today)[:5],
        "open_instructions": instruction_list(state="open").count(),
        "overdue_instructions": instruction_list(state="overdue", today=today).count(),
        # Guided or forwarded visitors still to be told the outcome (Reception Law Art. 28(1)); a
        # registered petition keeps that clock itself.
        "notices_due": visit_list(date_to=today)
        .filter(notified_on__isnull=True, notice_due_date__isnull=False, petition__isnull=True)
        .order_by("notice_due_date")[:10],
    }
    return render(request, "reception/index.html", context)


def _visit_rows(visits) -> list[dict]:
    fields, types = _fields(), dict(PetitionType.choices)
    return [
        {
            "visit": visit,
            "visitors": visitor_label(visit),
            "field": fields.get(visit.field_code, visit.field_code),
            "type": types.get(visit.petition_type, visit.petition_type),
        }
        for visit in visits
    ]


def _log_visit(*, session, kind: str, visited_at, **values) -> Visit:
    """``visit_log``; a visit received in a leader's session takes the session's kind of reception."""
    if session is not None:
        session_for_visit(session, timezone.localtime(visited_at).date())
        kind = VISIT_KIND[session.kind]
    return visit_log(session=session, kind=kind, visited_at=visited_at, **values)


@reception_page(LOG)
def visit_log_page(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    now = timezone.localtime()
    initial = {
        "visited_at": now,
        "place": unit_profile_get().reception_address,
        "headcount": 1,
        "kind": request.GET.get("kind", "regular"),
        "session": request.GET.get("session") or "",
    }
    form = forms.VisitForm(data, initial=initial)
    citizens = forms.citizen_formset(rows_requested(request, forms.CITIZEN_ROWS))(data, prefix="citizens")
    if data is not None and all([form.is_valid(), citizens.is_valid()]):
        people = citizens.citizens()
        done = run_service(
            request, form, _log_visit, formset=citizens, actor=request.user, citizens=people, **form.cleaned_data
        )
        if done.ok:
            _visit_logged_message(request, done.result)
            return redirect("reception:visit", pk=done.result.pk)
    context = {"form": form, "citizens": citizens, "rows": len(citizens.forms)}
    return render(request, "reception/visit_form.html", context, status=200 if data is None else 400)


def _visit_logged_message(request: HttpRequest, visit: Visit) -> None:
    petition = visit.petition
    if petition is not None:
        text = _("Visit logged with number {visit}. Petition registered with number {number}. Receipt code: {code}.")
        code = format_html('<strong class="receipt-code">{}</strong>', petition.receipt_code)
        logged = format_html(text, visit=visit.number, number=petition.registry_number, code=code)
        receipt = reverse("petitions:receipt", args=[petition.pk])
        messages.success(request, format_html('{} <a href="{}">{}</a>', logged, receipt, _("Download the receipt")))
    else:
        messages.success(request, _("Visit logged with number %(number)s.") % {"number": visit.number})


@reception_page()
def visit_list_page(request: HttpRequest) -> HttpResponse:
    form = forms.VisitFilterForm(request.GET)
    page = Paginator(visit_list(**form.selector_kwargs()), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reception/visit_list.html", {"form": form, "page_obj": page, "rows": _visit_rows(page)})


@reception_page()
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        visit = visit_get(pk)
    except Visit.DoesNotExist as exc:
        raise Http404 from exc
    facts = []
    for name in (
        "number",
        "visited_at",
        "kind",
        "place",
        "received_by",
        "headcount",
        "is_crowd",
        "petition_type",
        "field_code",
        "content",
        "previously_resolved_by",
        "documents_received",
        "outcome",
        "refusal_reason",
        "refusal_notice_due_date",
        "referred_to",
        "is_repeat",
        "notice_due_date",
        "notified_on",
        "notes",
    ):
        value = getattr(visit, name)
        if value in (None, "") or (name == "is_crowd" and not value):
            continue
        field = model_field(Visit, name)
        if name == "visited_at":
            value = timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
        elif name == "received_by":
            value = value.display_name
        elif name == "petition_type":
            value = dict(PetitionType.choices).get(value, value)
        elif name == "field_code":
            value = _fields().get(value, value)
        elif field.choices:
            value = getattr(visit, f"get_{name}_display")()
        elif isinstance(value, bool):
            value = _("Yes") if value else _("No")
        elif isinstance(value, date):
            value = value.strftime("%d/%m/%Y")
        facts.append((str(capfirst(field.verbose_name)), value))
    context = {
        "visit": visit,
        "facts": facts,
        "visitors": visitor_label(visit),
        "sealed": visit.petition_type in SEALED_SENDER_TYPES,
        "links": [] if visit.petition_type in SEALED_SENDER_TYPES else visit.visitcitizen_set.all(),
        "instructions": visit.instructions.select_related("session", "assignee"),
        "can_notify": request.user.has_perm(LOG) and not visit.notified_on,
        "documents": _documents(visit_documents(visit), request.user),
    }
    return render(request, "reception/visit_detail.html", context)


@require_POST
@reception_page(LOG)
def visit_notify_page(request: HttpRequest, pk: int) -> HttpResponse:
    form = forms.NotifyForm(request.POST)
    on = form.cleaned_data.get("on") if form.is_valid() else None
    if run_service(request, None, visit_notify, actor=request.user, visit=_get(Visit, pk), on=on).ok:
        messages.success(request, _("Recorded: the citizen was told the outcome."))
    return redirect("reception:visit", pk=pk)


#
# Matters and hot spots
#


@reception_page()
def matter_list_page(request: HttpRequest) -> HttpResponse:
    which = request.GET.get("show", "")
    matters = matter_list(
        hot_spot=True if which == "hot" else None, repeated=which == "repeated" or None, query=request.GET.get("q", "")
    )
    page = Paginator(matters, PAGE_SIZE).get_page(request.GET.get("page"))
    fields = _fields()
    rows = [{"matter": m, "field": fields.get(m.field_code, m.field_code)} for m in page]
    context = {
        "page_obj": page,
        "rows": rows,
        "show": which,
        "q": request.GET.get("q", ""),
        "can_mark": request.user.has_perm(MANAGE),
        "form": forms.HotSpotForm(),
    }
    return render(request, "reception/matter_list.html", context)


@require_POST
@reception_page(MANAGE)
def matter_hot_spot(request: HttpRequest, pk: int) -> HttpResponse:
    matter = _get(Matter, pk)
    form = forms.HotSpotForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(reverse("reception:matters") + f"#matter-{pk}")
    if run_service(request, None, matter_mark_hot_spot, actor=request.user, matter=matter, **form.cleaned_data).ok:
        messages.success(request, _("Matter #%(pk)d updated.") % {"pk": pk})
    return redirect(reverse("reception:matters") + f"#matter-{pk}")


#
# Sessions
#


@reception_page()
def session_list_page(request: HttpRequest) -> HttpResponse:
    form = forms.SessionFilterForm(request.GET)
    page = Paginator(session_list(**form.selector_kwargs()), PAGE_SIZE).get_page(request.GET.get("page"))
    publications = publication_checks(page)
    rows = [{"session": s, "publication": publications[s.pk]} for s in page]
    return render(request, "reception/session_list.html", {"form": form, "page_obj": page, "rows": rows})


def _schedule(*, actor, weekly: bool, weekday, date, end, is_substitution, substitution_reason, is_public, **common):
    """One session, or with ``weekly`` one on ``weekday`` of every week from ``date`` to ``end``."""
    if weekly:
        return sessions_schedule_weekly(actor=actor, weekday=weekday, start=date, end=end, **common)
    substitution = {"is_substitution": is_substitution, "substitution_reason": substitution_reason}
    return session_schedule(actor=actor, date=date, is_public=is_public, **substitution, **common)


@reception_page(MANAGE)
def session_schedule_page(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    profile = unit_profile_get()
    initial = {
        "kind": "periodic",
        "start_time": "07:30",
        "end_time": "11:30",
        "place": profile.reception_address,
        "presiding": profile.head_id or "",
        "is_public": True,
    }
    form = forms.SessionScheduleForm(data, initial=initial)
    if data is not None and form is not None and form.is_valid():
        done = run_service(request, form, _schedule, actor=request.user, **form.cleaned_data)
        if done.ok and form.cleaned_data["weekly"]:
            skipped = ", ".join(f"{day:%d/%m/%Y}" for day in done.result.skipped_days_off)
            messages.success(
                request,
                _("%(n)d sessions scheduled. Publish each at least 5 working days ahead.")
                % {"n": len(done.result.created)},
            )
            if skipped:
                messages.info(request, _("Days off skipped: %(days)s.") % {"days": skipped})
            return redirect("reception:sessions")
        if done.ok:
            messages.success(request, _("Session scheduled. Publish it at least 5 working days ahead."))
            return redirect("reception:session", pk=done.result.pk)
    return render(request, "reception/session_form.html", {"form": form}, status=200 if data is None else 400)


def _session_actions(session: ReceptionSession, user, bound: dict) -> dict:
    """The forms of what ``user`` may do with ``session`` now."""
    if not user.has_perm(MANAGE):
        return {}
    today = timezone.localdate()
    actions: dict = {}
    if session.status == SessionStatus.PLANNED:
        actions["publish"] = bound.get("publish") or forms.PublishForm(auto_id="id_publish_%s")
        actions["substitute"] = bound.get("substitute") or forms.SubstituteForm()
        actions["postpone"] = bound.get("postpone") or forms.PostponeForm()
        actions["cancel"] = bound.get("cancel") or forms.CancelForm()
    holdable = session.status in (SessionStatus.PLANNED, SessionStatus.HELD) and session.date <= today
    if holdable and not session.notice_number:
        initial = {
            "attendees": session.attendees,
            "minutes": session.minutes,
            "officer_ids": list(session.officers.values_list("pk", flat=True)),
            "visit_ids": list(session.visits.values_list("pk", flat=True)),
            "end_time": session.end_time,
        }
        actions["hold"] = bound.get("hold") or forms.HoldForm(session=session, initial=initial)
    if session.status == SessionStatus.HELD and not session.notice_number:
        actions["instruction"] = bound.get("instruction") or forms.InstructionForm(session=session)
        actions["notice"] = bound.get("notice") or forms.NoticeForm(initial={"notice_date": today})
    return actions


def _session_detail(request: HttpRequest, session: ReceptionSession, *, bound=None, status: int = 200):
    session = ReceptionSession.objects.select_related("presiding", "rescheduled_to").get(pk=session.pk)
    fields = _fields()
    visits = list(visit_list(session_id=session.pk).order_by("visited_at", "id"))
    context = {
        "session": session,
        "publication": publication_check(session),
        "online_clocks": [c for c in session_clocks(session) if c.code != "schedule.publication"],
        "visit_rows": _visit_rows(visits),
        "people": sum(v.headcount for v in visits),
        "instructions": session.instructions.select_related("visit", "assignee").order_by("id"),
        "officers": session.officers.all(),
        "actions": _session_actions(session, request.user, bound or {}),
        "rescheduled_from": ReceptionSession.objects.filter(rescheduled_to=session).first(),
        "fields": fields,
        "today": timezone.localdate(),
        "documents": _documents(session_documents(session), request.user),
    }
    return render(request, "reception/session_detail.html", context, status=status)


@reception_page()
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_detail(request, _get(ReceptionSession, pk))


SESSION_FORMS = {
    "publish": lambda post, session: forms.PublishForm(post, auto_id="id_publish_%s"),
    "substitute": lambda post, session: forms.SubstituteForm(post),
    "postpone": lambda post, session: forms.PostponeForm(post),
    "cancel": lambda post, session: forms.CancelForm(post),
    "hold": lambda post, session: forms.HoldForm(post, session=session),
    "instruction": lambda post, session: forms.InstructionForm(post, session=session),
    "notice": lambda post, session: forms.NoticeForm(post),
}
SESSION_MESSAGES = {
    "publish": gettext_lazy("Publication recorded."),
    "substitute": gettext_lazy("Substitution recorded; the public schedule announces it."),
    "postpone": gettext_lazy("Session postponed."),
    "cancel": gettext_lazy("Session cancelled."),
    "hold": gettext_lazy("Session record saved."),
    "instruction": gettext_lazy("Instruction added: it is now a follow-up task."),
    "notice": gettext_lazy("Results notice issued."),
}


SESSION_SERVICES: dict[str, Callable[..., Any]] = {
    "publish": session_publish,
    "substitute": session_substitute,
    "postpone": session_postpone,
    "cancel": session_cancel,
    "hold": session_hold,
    "instruction": instruction_add,
    "notice": session_notice_issue,
}


@require_POST
@reception_page(MANAGE)
def session_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    session = _get(ReceptionSession, pk)
    if name not in SESSION_FORMS:
        raise Http404
    form = SESSION_FORMS[name](request.POST, session)
    offered = name in _session_actions(session, request.user, {})
    if not form.is_valid():
        if not offered:
            messages.error(request, _form_errors(form))
        return _session_detail(request, session, bound={name: form}, status=400)
    service = SESSION_SERVICES[name]
    done = run_service(
        request, form if offered else None, service, actor=request.user, session=session, **form.cleaned_data
    )
    if not done.ok:
        return _session_detail(request, session, bound={name: form}, status=done.status)
    result = done.result
    messages.success(request, SESSION_MESSAGES[name])
    if name == "publish":
        warning = publication_check(result).warning
        if warning:
            messages.warning(request, warning)
    if name == "postpone" and result.pk != session.pk:
        messages.info(request, _("The new session must be published in its turn."))
        return redirect("reception:session", pk=result.pk)
    anchor = "#instructions" if name in ("instruction", "notice") else ""
    return redirect(reverse("reception:session", args=[pk]) + anchor)


@reception_page()
def session_notice_download(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    """The session's conclusion notice from the register; a notice made before the document engine
    is still served from the file stored on the session."""
    session = _get(ReceptionSession, pk)
    document = session_notice_document(session)
    if document is not None:
        if not document_may_open(request.user, document):
            raise PermissionDenied
        file = {"docx": document.docx, "pdf": document.pdf}.get(kind)
    else:
        file = {"docx": session.notice_docx, "pdf": session.notice_pdf}.get(kind)
    if not file or not file.name:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=os.path.basename(file.name))
    response["Cache-Control"] = "private, no-store"
    return response


#
# The reception log as the form prints it (Form 03/TCD)
#


def _log_period(request: HttpRequest):
    """The period asked for (this month by default) and the log, or the form with its errors."""
    today = timezone.localdate()
    data = request.GET if "date_from" in request.GET or "date_to" in request.GET else None
    form = forms.LogPeriodForm(data, initial={"date_from": today.replace(day=1), "date_to": today})
    if data is None:
        return form, reception_log(date_from=today.replace(day=1), date_to=today)
    if not form.is_valid():
        return form, None
    try:
        return form, reception_log(**form.cleaned_data)
    except ApplicationError as exc:
        form.add_error(exc.extra.get("field") if exc.extra.get("field") in form.fields else None, exc.message)
        return form, None


@reception_page()
def visit_log_print(request: HttpRequest) -> HttpResponse:
    form, log = _log_period(request)
    context = {"form": form, "log": log, "cells": log.cells() if log else []}
    return render(request, "reception/visit_log_print.html", context, status=200 if log else 400)


@reception_page()
def visit_log_export(request: HttpRequest) -> HttpResponse:
    form, log = _log_period(request)
    if log is None:
        return render(request, "reception/visit_log_print.html", {"form": form, "log": None, "cells": []}, status=400)
    response = HttpResponse(reception_log_xlsx(log), content_type=XLSX)
    name = f"so-tiep-cong-dan-{log.date_from:%Y%m%d}-{log.date_to:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # The log names citizens: no shared cache keeps a copy.
    response["Cache-Control"] = "private, no-store"
    return response


#
# Follow-up tasks (instructions)
#


@reception_page()
def instruction_list_page(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "open")
    if state not in ("open", "overdue", "done", "all"):
        state = "open"
    mine = request.GET.get("mine") == "1"
    instructions = instruction_list(
        state="" if state == "all" else state, assignee_id=request.user.pk if mine else None
    )
    page = Paginator(instructions, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [
        {
            "instruction": i,
            "overdue": i.done_on is None and i.due_date < today,
            "can_complete": i.done_on is None and (request.user.has_perm(MANAGE) or i.assignee_id == request.user.pk),
        }
        for i in page
    ]
    context = {"rows": rows, "page_obj": page, "state": state, "mine": mine, "form": forms.InstructionCompleteForm()}
    return render(request, "reception/instruction_list.html", context)


@require_POST
@reception_page()
def instruction_complete_page(request: HttpRequest, pk: int) -> HttpResponse:
    instruction = _get(Instruction, pk)
    form = forms.InstructionCompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(reverse("reception:instructions") + f"#instruction-{pk}")
    if not run_service(
        request, None, instruction_complete, actor=request.user, instruction=instruction, **form.cleaned_data
    ).ok:
        return redirect(reverse("reception:instructions") + f"#instruction-{pk}")
    messages.success(request, _("Task done: the result is recorded."))
    return redirect(reverse("reception:instructions") + "?state=done")


#
# Dialogues
#


def _can_dialogue(user) -> bool:
    return any(user.has_perm(perm) for perm in DIALOGUE_PERMS)


def _dialogue_petitions():
    return Petition.objects.filter(petition_type=PetitionType.COMPLAINT, status__in=DIALOGUE_STATES).order_by(
        "-received_date"
    )


@reception_page()
def dialogue_list_page(request: HttpRequest) -> HttpResponse:
    can = _can_dialogue(request.user)
    data = request.POST if request.method == "POST" else None
    if data is not None and not can:
        raise PermissionDenied
    initial = {"invited_on": timezone.localdate(), "petition": request.GET.get("petition") or ""}
    form = forms.DialogueForm(data, initial=initial, petitions=_dialogue_petitions()) if can else None
    status = 200 if data is None else 400
    if data is not None and form is not None and form.is_valid():
        done = run_service(request, form, dialogue_schedule, actor=request.user, **form.cleaned_data)
        if done.ok:
            messages.success(request, _("Dialogue scheduled."))
            return redirect("reception:dialogue", pk=done.result.pk)
        status = done.status
    page = Paginator(dialogue_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reception/dialogue_list.html", {"page_obj": page, "form": form}, status=status)


@reception_page()
def dialogue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = _get(Dialogue, pk)
    can = _can_dialogue(request.user) and not dialogue.held
    data = request.POST if request.method == "POST" else None
    if data is not None and not can:
        raise PermissionDenied
    form = forms.DialogueRecordForm(data) if can else None
    status = 200 if data is None else 400
    if data is not None and form is not None and form.is_valid():
        done = run_service(request, form, dialogue_record, actor=request.user, dialogue=dialogue, **form.cleaned_data)
        if done.ok:
            messages.success(request, _("Dialogue recorded."))
            return redirect("reception:dialogue", pk=pk)
        status = done.status
    return render(request, "reception/dialogue_detail.html", {"dialogue": dialogue, "form": form}, status=status)


#
# Staff and training, rooms, profile
#


@reception_page()
def staff_page(request: HttpRequest) -> HttpResponse:
    can = request.user.has_perm(STAFF)
    data = request.POST if request.method == "POST" else None
    if data is not None and not can:
        raise PermissionDenied
    form = forms.OfficerForm(data, initial={"employment": "part_time"}) if can else None
    status = 200 if data is None else 400
    if data is not None and form is not None and form.is_valid():
        done = run_service(request, form, officer_create, actor=request.user, **form.cleaned_data)
        if done.ok:
            messages.success(request, _("Officer added to the registry."))
            return redirect("reception:officer", pk=done.result.pk)
        status = done.status
    period_form = forms.PeriodForm(request.GET)
    start, end = period_form.period(period_default("month"))
    officers = ReceptionOfficer.objects.annotate(training_count=Count("trainings")).order_by("-active", "full_name")
    context = {
        "officers": officers,
        "share": trained_share(),
        "duty": duty_days(start=start, end=end),
        "start": start,
        "end": end,
        "period_form": period_form,
        "form": form,
    }
    return render(request, "reception/staff.html", context, status=status)


@reception_page()
def officer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    officer = _get(ReceptionOfficer, pk)
    can = request.user.has_perm(STAFF)
    which = request.POST.get("form") if request.method == "POST" else None
    if which and not can:
        raise PermissionDenied
    initial = {
        "full_name": officer.full_name,
        "position": officer.position,
        "employment": officer.employment,
        "appointed_on": officer.appointed_on,
        "user": officer.user_id or "",
        "active": officer.active,
    }
    form = forms.OfficerEditForm(request.POST if which == "officer" else None, initial=initial) if can else None
    training = forms.TrainingForm(request.POST if which == "training" else None) if can else None
    status = 200
    bound, service = (form, officer_update) if which == "officer" else (training, training_add)
    if which in ("officer", "training"):
        status = 400
        if bound is not None and bound.is_valid():
            done = run_service(request, bound, service, actor=request.user, officer=officer, **bound.cleaned_data)
            if done.ok:
                messages.success(request, _("Saved."))
                return redirect("reception:officer", pk=pk)
            status = done.status
    context = {"officer": officer, "trainings": officer.trainings.all(), "form": form, "training_form": training}
    return render(request, "reception/officer_detail.html", context, status=status)


@reception_page()
def room_list_page(request: HttpRequest) -> HttpResponse:
    can = request.user.has_perm(STAFF)
    data = request.POST if request.method == "POST" else None
    if data is not None and not can:
        raise PermissionDenied
    form = forms.RoomForm(data) if can else None
    status = 200 if data is None else 400
    if data is not None and form is not None and form.is_valid():
        done = run_service(request, form, room_create, actor=request.user, **form.cleaned_data)
        if done.ok:
            messages.success(request, _("Room added."))
            return redirect("reception:rooms")
        status = done.status
    rooms = ReceptionRoom.objects.order_by("name")
    return render(request, "reception/rooms.html", {"rooms": rooms, "form": form}, status=status)


@reception_page(STAFF)
def room_detail(request: HttpRequest, pk: int) -> HttpResponse:
    room = _get(ReceptionRoom, pk)
    if request.method == "POST" and request.POST.get("delete"):
        room_delete(actor=request.user, room=room)
        messages.success(request, _("Room removed."))
        return redirect("reception:rooms")
    initial = {name: getattr(room, name) for name in forms.RoomForm.base_fields}
    form = forms.RoomForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200 if request.method != "POST" else 400
    if request.method == "POST" and form.is_valid():
        done = run_service(request, form, room_update, actor=request.user, room=room, **form.cleaned_data)
        if done.ok:
            messages.success(request, _("Saved."))
            return redirect("reception:rooms")
        status = done.status
    return render(request, "reception/room_detail.html", {"room": room, "form": form}, status=status)


@reception_page()
def profile_page(request: HttpRequest) -> HttpResponse:
    profile = unit_profile_get()
    can = request.user.has_perm(STAFF)
    data = request.POST if request.method == "POST" else None
    if data is not None and not can:
        raise PermissionDenied
    initial = {name: getattr(profile, name) for name in forms.UnitProfileForm.base_fields if name != "head"}
    initial["head"] = profile.head_id or ""
    form = forms.UnitProfileForm(data, initial=initial) if can else None
    status = 200 if data is None else 400
    if data is not None and form is not None and form.is_valid():
        done = run_service(request, form, unit_profile_update, actor=request.user, **form.cleaned_data)
        if done.ok:
            messages.success(request, _("Saved."))
            return redirect("reception:profile")
        status = done.status
    return render(request, "reception/profile.html", {"profile": profile, "form": form}, status=status)


#
# Compliance
#


@reception_page()
def compliance_page(request: UnitHttpRequest) -> HttpResponse:
    period_form = forms.PeriodForm(request.GET)
    start, end = period_form.period(period_default("year"))
    today = timezone.localdate()
    summary = compliance_summary(unit_kind=request.tenant.kind, start=start, end=end, today=today)
    rows = [{"window": w, "state": window_state(w, today)} for w in summary.windows]
    profile = unit_profile_get()
    context = {"summary": summary, "rows": rows, "period_form": period_form, "profile": profile}
    return render(request, "reception/compliance.html", context)
