"""The staff pages of a unit's petitions: the list, the registration form and the detail page with
the actions the petition allows now.

Thin, like the API: each view parses a form, calls the selector or service the API calls, and
shows a refusal (``core.common.errors``) on the field it names or as a message, with its 4xx
status, never a 500. Which actions are offered comes from ``services.allowed_outcomes`` and
``workflow.allowed_transitions``; the services decide whatever is submitted.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.caseindex.selectors import repeat_flags
from core.catalogue.selectors import field_choices
from core.common.models import model_field
from core.documents.access import document_may_open
from core.documents.kinds import KINDS
from core.documents.selectors import documents_for
from core.legal.choices import DayUnit
from core.petitions import deadlines
from core.petitions.choices import Channel, Outcome, PetitionType, Status
from core.petitions.models import Deadline, Petition, ResolutionResult
from core.petitions.receipts import receipt_docx
from core.petitions.selectors import (
    COUNT_CAP,
    DUE_SOON_DAYS,
    ListCursor,
    allowed_outcomes,
    petition_list,
    petition_page_counted,
    sender_label,
    senders_attach,
)
from core.petitions.services.petitions import petition_classify, petition_decide_outcome, petition_register
from core.petitions.services.results import FIGURES
from core.petitions.workflow import TRANSITIONS, allowed_transitions, event_label, petition_transition
from web.accounts.access import member_page
from web.common.forms import choice_field, rows_requested
from web.common.run import Attempt, run_service
from web.petitions.attachments import petition_or_404
from web.petitions.forms import (
    SENDER_ROWS,
    ClassifyForm,
    OutcomeForm,
    PetitionFilterForm,
    PetitionRegisterForm,
    TransitionForm,
    signer_formset,
)

PAGE_SIZE = 50
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PROCESS = "petitions.process_petition"
#: Where classification is offered (the service refuses it elsewhere, whatever is posted).
CLASSIFIABLE = (Status.REGISTERED, Status.CLASSIFIED)
#: What a clock is counted from (``Deadline.start_event``).
START_EVENTS = {
    "received": gettext_lazy("receipt"),
    "accepted": gettext_lazy("acceptance"),
    "decided": gettext_lazy("the decision"),
    "concluded": gettext_lazy("the conclusion"),
    "suspended": gettext_lazy("the suspension"),
    "resumed": gettext_lazy("the resumption"),
    "terminated": gettext_lazy("the termination"),
    "decision_known": gettext_lazy("the day the decision was received or known"),
    "effective": gettext_lazy("the decision's legal effect"),
    "resolved": gettext_lazy("the resolution"),
    "report_demanded": gettext_lazy("the superior's demand"),
    "result_received": gettext_lazy("the competent body's notice of the result"),
    "dialogue": gettext_lazy("the dialogue (counted back)"),
}
#: The petition's own fields shown on the detail page, in this order; empty ones are left out, and
#: those of ``FACTS_HIDDEN_AT`` while they keep their default.
FACTS = (
    "received_date",
    "channel",
    "forwarded_by",
    "forwarding_reference",
    "petition_type",
    "complaint_kind",
    "escalation",
    "field_code",
    "subject",
    "summary",
    "has_concrete_evidence",
    "signer_kind",
    "signer_count",
    "is_processable",
    "not_processable_reason",
    "within_jurisdiction",
    "outcome",
    "competent_body",
    "complaint_level",
    "complexity",
    "is_remote_area",
    "remote_area_basis",
    "accepted_on",
    "extensions",
    "decided_on",
    "decision_summary",
    "closed_on",
    "registered_by",
)
FACTS_HIDDEN_AT = {"complexity": "normal", "is_remote_area": False, "extensions": 0, "complaint_kind": "administrative"}


def staff_page(*perms: str):
    """Logged in, a member of this unit, with ``petitions.view_petition`` and ``perms``."""
    return member_page("petitions.view_petition", *perms)


def due_state(due: date | None, today: date) -> str:
    if due is None:
        return ""
    if due < today:
        return "overdue"
    return "soon" if due <= today + timedelta(DUE_SOON_DAYS) else ""


@staff_page()
def petition_list_page(request: HttpRequest) -> HttpResponse:
    form = PetitionFilterForm(request.GET)
    asked = form.selector_kwargs()
    petitions = petition_list(**asked)
    # Keyset pages ("Next" is ?after=, "Previous" ?before=) and a count capped at COUNT_CAP: in a
    # unit of 100,000 petitions neither a far page nor the total costs more than the first page.
    after, before = ListCursor.parse(request.GET.get("after")), ListCursor.parse(request.GET.get("before"))
    search = bool(asked.get("query"))
    page, total = petition_page_counted(petitions, after=after, before=before, size=PAGE_SIZE, search=search)
    if not page.rows and (after or before):
        page, total = petition_page_counted(petitions, size=PAGE_SIZE, search=search)
    today, fields = deadlines.today(), dict(field_choices())
    # Labels looked up in one dict each, not by ``get_FOO_display`` (it builds its choices anew per row).
    types, statuses = dict(PetitionType.choices), dict(Status.choices)
    rows = [
        {
            "petition": petition,
            "link": reverse("petitions:detail", args=[petition.pk]),
            "received": date_filter(petition.received_date, "d/m/Y"),
            "type": types.get(petition.petition_type, petition.petition_type),
            "online": Channel.ONLINE.label if petition.channel == Channel.ONLINE else "",
            "field": fields.get(petition.field_code, petition.field_code),
            "sender": sender_label(petition),
            "status": statuses.get(petition.status, petition.status),
            "due": due_state(petition.next_due_date, today),
        }
        for petition in senders_attach(page.rows)
    ]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "total": total,
        "capped": total > COUNT_CAP,
        "cap": number_format(COUNT_CAP, force_grouping=True),
    }
    return render(request, "petitions/list.html", context)


@staff_page("petitions.register_petition")
def petition_register_page(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = PetitionRegisterForm(data, initial={"received_date": deadlines.today()})
    rows = rows_requested(request, SENDER_ROWS)
    signers = signer_formset(rows)(data, prefix="signers")
    if data is not None and all([form.is_valid(), signers.is_valid()]):
        senders = signers.signers()
        done = run_service(
            request, form, petition_register, formset=signers, actor=request.user, signers=senders, **form.cleaned_data
        )
        if done.ok:
            petition = done.result
            code = format_html('<strong class="receipt-code">{}</strong>', petition.receipt_code)
            text = _("Petition registered with number {number}. Receipt code: {code}.")
            registered = format_html(text, number=petition.registry_number, code=code)
            receipt = reverse("petitions:receipt", args=[petition.pk])
            link = format_html('<a href="{}">{}</a>', receipt, _("Download the receipt"))
            messages.success(request, format_html("{} {}", registered, link))
            return redirect("petitions:detail", pk=petition.pk)
    context = {"form": form, "signers": signers, "rows": len(signers.forms)}
    return render(request, "petitions/register.html", context, status=200 if data is None else 400)


@staff_page()
def petition_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, petition_or_404(pk))


def _yes_no(flag: bool | None) -> str | None:
    """The value of a yes/no radio for a question not answered yet (None: neither is checked)."""
    return None if flag is None else ("1" if flag else "0")


def _actions(petition: Petition, user, bound: dict) -> dict:
    """The forms of what ``user`` may do now, keyed "classify", "outcome" or the transition name."""
    actions: dict = {}
    if user.has_perm(PROCESS) and petition.status in CLASSIFIABLE:
        initial = {
            "is_processable": _yes_no(petition.is_processable),
            "within_jurisdiction": _yes_no(petition.within_jurisdiction),
            "not_processable_reason": petition.not_processable_reason,
            "prior_resolution": petition.prior_resolution,
            "same_matter_as": petition.same_matter_as.registry_number if petition.same_matter_as else "",
        }
        actions["classify"] = bound.get("classify") or ClassifyForm(initial=initial)
    outcomes = [(o, Outcome(o).label) for o in allowed_outcomes(petition)] if user.has_perm(PROCESS) else []
    if outcomes:
        form = bound.get("outcome") or OutcomeForm(outcomes=outcomes)
        choice_field(form, "outcome").choices = outcomes
        actions["outcome"] = form
    for spec in allowed_transitions(petition, user):
        actions[spec.name] = bound.get(spec.name) or TransitionForm(name=spec.name)
    return actions


def _result_rows(petition: Petition) -> list[tuple[str, str]]:
    """What the decision or conclusion recorded (money in đồng, land in m²), the figures left at nothing omitted."""
    result = ResolutionResult.objects.filter(petition=petition).first()
    if result is None:
        return []
    rows = []
    for name in ("verdict", "after_explanation", *FIGURES, "referred_to_investigation"):
        value = getattr(result, name)
        if value in ("", 0, False):
            continue
        if name == "verdict":
            value = result.get_verdict_display()
        elif isinstance(value, bool):
            value = _("Yes")
        else:
            value = number_format(value, force_grouping=True)
        rows.append((str(capfirst(model_field(ResolutionResult, name).verbose_name)), value))
    return rows


def _deadline_row(deadline: Deadline, today: date) -> dict:
    pauses = [(date.fromisoformat(start), date.fromisoformat(end) if end else None) for start, end in deadline.pauses]
    return {
        "deadline": deadline,
        "unit": DayUnit(deadline.unit).label if deadline.unit in DayUnit.values else deadline.unit,
        "counted_from": START_EVENTS.get(deadline.start_event, deadline.start_event),
        "pauses": pauses,
        "due": due_state(deadline.due_date, today) if deadline.state == Deadline.State.OPEN else "",
    }


def _facts(petition: Petition, field_label: str) -> list[tuple[str, object]]:
    rows = []
    for name in FACTS:
        field = model_field(Petition, name)
        value = getattr(petition, name)
        if value in (None, "") or (name in FACTS_HIDDEN_AT and value == FACTS_HIDDEN_AT[name]):
            continue
        if name == "field_code":
            value = field_label
        elif name == "registered_by":
            value = value.display_name
        elif field.choices:
            value = getattr(petition, f"get_{name}_display")()
        elif isinstance(value, bool):
            value = _("Yes") if value else _("No")
        elif isinstance(value, date):
            value = value.strftime("%d/%m/%Y")
        rows.append((str(capfirst(field.verbose_name)), value))
    return rows


def _detail(request: HttpRequest, petition: Petition, *, bound: dict | None = None, status: int = 200):
    today, statuses = deadlines.today(), dict(Status.choices)
    actions = _actions(petition, request.user, bound or {})
    context = {
        "petition": petition,
        "next_due_state": due_state(petition.next_due_date, today),
        "facts": _facts(petition, dict(field_choices()).get(petition.field_code, petition.field_code)),
        "sender": sender_label(petition),
        # A sealed denouncer's identity is never a citizen record; the guard is belt and braces.
        "senders": [] if petition.is_confidential else petition.signer_set.select_related("citizen"),
        "classify_form": actions.pop("classify", None),
        "outcome_form": actions.pop("outcome", None),
        "transitions": [(name, TRANSITIONS[name].label, form) for name, form in actions.items()],
        # Running clocks first, each group by due date.
        "deadlines": [
            _deadline_row(d, today)
            for d in sorted(petition.deadlines.all(), key=lambda d: d.state != Deadline.State.OPEN)
        ],
        "events": [
            {"event": event, "label": event_label(event.kind), "status": statuses.get(event.to_status, "")}
            for event in petition.events.select_related("actor")
        ],
        # The register's documents about this petition; each opens (page "documents:detail") only for
        # those the engine lets open it (a notice naming the denouncer: cleared officers alone).
        "documents": [
            {
                "document": document,
                "kind": KINDS.get(document.kind),
                "may_open": document_may_open(request.user, document),
            }
            for document in documents_for(subject=petition).select_related("issued_by")
        ],
        "result_rows": _result_rows(petition),
        # The same citizen's matter at other units: unit, date and state only (core.caseindex).
        "repeats": repeat_flags(case_id=petition.case_id),
    }
    return render(request, "petitions/detail.html", context, status=status)


def _act(request: HttpRequest, petition: Petition, key: str, form, service, **kwargs) -> Attempt:
    """Run one of the page's actions; a refusal lands on its form when the page shows that form."""
    shown = form if key in _actions(petition, request.user, {}) else None
    return run_service(request, shown, service, petition=petition, actor=request.user, **kwargs)


def _invalid(request: HttpRequest, petition: Petition, key: str, form) -> HttpResponse:
    if key not in _actions(petition, request.user, {}):
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
    return _detail(request, petition, bound={key: form}, status=400)


@require_POST
@staff_page()
def petition_classify_page(request: HttpRequest, pk: int) -> HttpResponse:
    petition = petition_or_404(pk)
    form = ClassifyForm(request.POST)
    if not form.is_valid():
        return _invalid(request, petition, "classify", form)
    done = _act(request, petition, "classify", form, petition_classify, **form.cleaned_data)
    if not done.ok:
        return _detail(request, petition, bound={"classify": form}, status=done.status)
    messages.success(request, _("Classification recorded. Now choose the outcome."))
    return redirect(reverse("petitions:detail", args=[pk]) + "#actions")


@require_POST
@staff_page()
def petition_outcome_page(request: HttpRequest, pk: int) -> HttpResponse:
    petition = petition_or_404(pk)
    form = OutcomeForm(request.POST, outcomes=Outcome.choices)  # the service says which are allowed now
    if not form.is_valid():
        return _invalid(request, petition, "outcome", form)
    done = _act(request, petition, "outcome", form, petition_decide_outcome, **form.cleaned_data)
    if not done.ok:
        return _detail(request, petition, bound={"outcome": form}, status=done.status)
    messages.success(request, _("Outcome recorded: %(outcome)s.") % {"outcome": done.result.get_outcome_display()})
    return redirect("petitions:detail", pk=pk)


@require_POST
@staff_page()
def petition_transition_page(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    petition = petition_or_404(pk)
    form = TransitionForm(request.POST, name=name)
    if not form.is_valid():
        return _invalid(request, petition, name, form)
    done = _act(request, petition, name, form, petition_transition, name=name, data=form.transition_data())
    if not done.ok:
        return _detail(request, petition, bound={name: form}, status=done.status)
    messages.success(request, _("Recorded: %(action)s.") % {"action": TRANSITIONS[name].label})
    return redirect("petitions:detail", pk=pk)


@staff_page()
def receipt_download(request: HttpRequest, pk: int) -> HttpResponse:
    petition = petition_or_404(pk)
    response = HttpResponse(receipt_docx(petition), content_type=DOCX)
    filename = f"bien-nhan-{petition.registry_number.replace('/', '-')}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
