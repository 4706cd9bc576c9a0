"""The citizen's online form (no login), its receipt, and the province's entry page (issue 12, point 1).

- ``/u/<code>/gui-don/``: the form. A post passes the honeypot and the time-based challenge
  (``challenge.py``), then ``core.intake.services.submission_receive`` (which counts the client
  address against the platform-wide limit, suppresses a duplicate and registers the petition);
  then the browser is sent to the receipt.
- ``/u/<code>/gui-don/bien-nhan/``: the receipt (code, registry number, date, type, the lookup's QR
  code) and ``…/tai-ve/`` its document. Both read *this browser's session* (the unit's own, its
  cookie scoped to ``/u/<code>/``) and nothing in the address: only the browser that sent the
  petition reaches them, for ``RECEIPT_MINUTES`` after sending.
- ``/gui-don/`` on the platform: pick the unit and the field (or "not sure": the province's
  reception office, ``<province>-BTCD``), then on to that unit's form with the field chosen.

Nothing the citizen typed is logged (``sensitive_post_parameters`` also keeps it out of error
reports) or put in an address; the receipt page gets plain values, never the petition.
"""

from __future__ import annotations

import time
from itertools import groupby

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from core.documents.qr import lookup_url, qr_svg
from core.intake.limits import SUBMISSION_WINDOW
from core.intake.selectors import submission_receipt
from core.intake.services import submission_receive
from tenants.http import UnitHttpRequest
from tenants.models import UnitStatus
from tenants.selectors import unit_list
from web.common.clients import client_address
from web.common.run import run_service

from .challenge import challenge_issue, challenge_refusal
from .forms import HONEYPOT, EntryForm, SubmissionForm

#: The session key of the last receipt this browser got, and how long it stays reachable.
SESSION_KEY = "intake_receipt"
RECEIPT_MINUTES = 30
#: What the citizen types: kept out of Django's error reports.
SENSITIVE = ("full_name", "id_number", "address_street", "email", "phone", "subject", "content")
#: The province's reception office, where a citizen unsure of the competent body sends a petition.
RECEPTION_OFFICE_SUFFIX = "BTCD"
#: The form's path inside a unit.
SUBMIT_PATH = "gui-don/"


def _render_form(request: HttpRequest, form: SubmissionForm, *, status: int) -> HttpResponse:
    context = {"form": form, "challenge": challenge_issue(), "honeypot": HONEYPOT}
    return render(request, "intake/submit.html", context, status=status)


@never_cache
@sensitive_post_parameters(*SENSITIVE)
@require_http_methods(["GET", "HEAD", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        initial = {}
        field = request.GET.get("linh-vuc", "")
        if field:
            initial["field_code"] = field
        return _render_form(request, SubmissionForm(initial=initial), status=200)
    form = SubmissionForm(request.POST, request.FILES)
    if request.POST.get(HONEYPOT):
        form.is_valid()
        form.add_error(None, _("Your petition could not be sent. Please send it again."))
        return _render_form(request, form, status=400)
    refusal = challenge_refusal(request.POST.get("challenge", ""))
    if refusal:
        form.is_valid()
        form.add_error(None, refusal)
        return _render_form(request, form, status=400)
    if not form.is_valid():
        return _render_form(request, form, status=400)
    data = {key: value for key, value in form.cleaned_data.items() if key not in ("challenge", HONEYPOT)}
    done = run_service(request, form, submission_receive, client_address=client_address(request), **data)
    if not done.ok:
        response = _render_form(request, form, status=done.status)
        if done.status == 429:
            response["Retry-After"] = str(SUBMISSION_WINDOW)
        return response
    received = done.result
    request.session[SESSION_KEY] = {
        "petition": received.petition.pk,
        "document": received.receipt.pk if received.receipt else None,
        "duplicate": received.duplicate,
        "at": int(time.time()),
    }
    return redirect("intake:receipt")


def _session_receipt(request: HttpRequest) -> dict | None:
    kept = request.session.get(SESSION_KEY)
    if not isinstance(kept, dict) or time.time() - kept.get("at", 0) > RECEIPT_MINUTES * 60:
        return None
    return submission_receipt(petition_id=kept.get("petition"), document_id=kept.get("document"))


@never_cache
@require_safe
def receipt(request: UnitHttpRequest) -> HttpResponse:
    facts = _session_receipt(request)
    if facts is None:
        return render(request, "intake/receipt_gone.html", status=404)
    link = lookup_url(request.tenant.code, facts["receipt_code"])
    context = {
        "receipt": facts,
        "duplicate": request.session[SESSION_KEY].get("duplicate", False),
        "lookup_link": link,
        "qr": qr_svg(link),
    }
    return render(request, "intake/receipt.html", context)


@never_cache
@require_safe
def receipt_download(request: HttpRequest) -> FileResponse:
    facts = _session_receipt(request)
    if facts is None or facts["document"] is None:
        raise Http404
    document = facts["document"]
    file, extension = (document.pdf, "pdf") if document.pdf and document.pdf.name else (document.docx, "docx")
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = f"bien-nhan-{facts['registry_number'].replace('/', '-')}.{extension}"
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response


# --- The province's entry (platform root) --------------------------------------------------------


def _units() -> tuple[list, list]:
    """Active units grouped by province (optgroups), and the provinces."""
    units = list(
        unit_list(status=UnitStatus.ACTIVE)
        .exclude(schema_name="public")
        .order_by("province_name", "name")
        .values_list("code", "name", "province_code", "province_name")
    )
    grouped = [
        (province_name or _("Other"), [(code, name) for code, name, _code, _name in rows])
        for province_name, rows in groupby(units, key=lambda row: row[3])
    ]
    provinces = sorted({(row[2], row[3]) for row in units if row[2]}, key=lambda item: item[1])
    return grouped, provinces


@never_cache
@require_safe
def entry(request: HttpRequest) -> HttpResponse:
    grouped, provinces = _units()
    data = request.GET if ("unit" in request.GET or "unsure" in request.GET) else None
    form = EntryForm(data, units=grouped, provinces=provinces)
    status = 200
    if data is not None:
        if form.is_valid():
            cleaned = form.cleaned_data
            code = f"{cleaned['province']}-{RECEPTION_OFFICE_SUFFIX}" if cleaned["unsure"] else cleaned["unit"]
            target = unit_list(status=UnitStatus.ACTIVE).filter(code=code).first()
            if target is not None:
                query = f"?{urlencode({'linh-vuc': cleaned['field']})}" if cleaned["field"] else ""
                return HttpResponseRedirect(f"{target.path_prefix}{SUBMIT_PATH}{query}")
            form.add_error(
                "province", _("This province's reception office does not take petitions online yet: choose a unit.")
            )
        status = 400
    return render(request, "intake/entry.html", {"form": form}, status=status)
