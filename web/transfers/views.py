"""The transfer pages of a unit's workspace (under /u/<code>/chuyen-don/): the inbox of petitions
other units forwarded here, the outbox of those this unit forwarded, a transfer with its history
and the answers; the inspectorate's list of stuck transfers in its province. Each action runs a
service of ``core.transfers`` through ``run_service``; a refusal is shown with its 4xx status."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.transfers import services
from core.transfers.choices import Direction, TransferState
from core.transfers.models import Transfer
from core.transfers.selectors import (
    has_sealed_identity,
    is_overdue,
    receiving_units,
    stuck_transfers,
    transfer_get,
    transfer_history,
    transfer_list,
)
from tenants.selectors import unit_list
from web.accounts.access import member_page
from web.common.http import MemberRequest
from web.common.run import run_service

from .forms import ChaseForm, DateForm, OnwardForm, ReturnForm, SealedReadForm

VIEW = "petitions.view_petition"
PROCESS = "petitions.process_petition"
PAGE_SIZE = 50


def _transfer(pk: int) -> Transfer:
    try:
        return transfer_get(pk)
    except Transfer.DoesNotExist as exc:
        raise Http404 from exc


def _list(request: MemberRequest, direction: str) -> HttpResponse:
    overdue = request.GET.get("qua_han") == "1"
    transfers = transfer_list(direction=direction, overdue=overdue)
    page = Paginator(transfers, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"t": t, "overdue": is_overdue(t)} for t in page]
    context = {"page_obj": page, "rows": rows, "direction": direction, "overdue_only": overdue}
    return render(request, "transfers/list.html", context)


@member_page(VIEW)
def inbox(request: MemberRequest) -> HttpResponse:
    return _list(request, Direction.IN)


@member_page(VIEW)
def outbox(request: MemberRequest) -> HttpResponse:
    return _list(request, Direction.OUT)


def _detail(request: MemberRequest, transfer: Transfer, *, bound: dict | None = None, status: int = 200):
    bound = bound or {}
    answering = transfer.direction == Direction.IN and transfer.state in (
        TransferState.DELIVERED,
        TransferState.ACKNOWLEDGED,
    )
    context = {
        "t": transfer,
        "overdue": is_overdue(transfer),
        "history": transfer_history(transfer),
        "answering": answering and request.user.has_perm(PROCESS),
        "sealed": transfer.direction == Direction.IN and has_sealed_identity(transfer),
        "identity": bound.get("identity"),
        "ack_form": bound.get("ack") or DateForm(auto_id="id_ack_%s"),
        "return_form": bound.get("return") or ReturnForm(auto_id="id_return_%s"),
        "onward_form": bound.get("onward") or OnwardForm(auto_id="id_onward_%s"),
        "chase_form": bound.get("chase") or ChaseForm(auto_id="id_chase_%s"),
        "sealed_form": bound.get("sealed") or SealedReadForm(auto_id="id_sealed_%s"),
        "can_chase": transfer.direction == Direction.OUT and is_overdue(transfer) and request.user.has_perm(PROCESS),
    }
    return render(request, "transfers/detail.html", context, status=status)


@member_page(VIEW)
def detail(request: MemberRequest, pk: int) -> HttpResponse:
    return _detail(request, _transfer(pk))


ACTIONS: dict[str, tuple[str, type[forms.Form], Callable[..., Transfer], str]] = {
    "xac-nhan": ("ack", DateForm, services.inbound_acknowledge, _("Receipt acknowledged.")),
    "thu-ly": (
        "ack",
        DateForm,
        services.inbound_accept,
        _("Accepted: the petition is registered in this unit's book."),
    ),
    "tra-lai": ("return", ReturnForm, services.inbound_return, _("Returned to the sending unit.")),
    "chuyen-tiep": ("onward", OnwardForm, services.inbound_forward_onward, _("Forwarded onward.")),
    "don-doc": ("chase", ChaseForm, services.transfer_chase, _("Reminder issued and sent.")),
    "gui-lai": ("ack", DateForm, services.transfer_resend, _("The delivery will be tried again.")),
}


@require_POST
@member_page(VIEW, PROCESS)
def act(request: MemberRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    key, form_class, service, done_message = ACTIONS[action]
    transfer = _transfer(pk)
    form = form_class(request.POST, auto_id=f"id_{key}_%s")
    if not form.is_valid():
        return _detail(request, transfer, bound={key: form}, status=400)
    kwargs = dict(form.cleaned_data)
    if service is services.transfer_resend:
        kwargs = {}
    done = run_service(request, form, service, transfer=transfer, actor=request.user, **kwargs)
    if not done.ok:
        return _detail(request, transfer, bound={key: form}, status=done.status)
    messages.success(request, done_message)
    return redirect("transfers:detail", pk=pk)


@require_POST
@member_page(VIEW)
def sealed_identity(request: MemberRequest, pk: int) -> HttpResponse:
    transfer = _transfer(pk)
    form = SealedReadForm(request.POST, auto_id="id_sealed_%s")
    if not form.is_valid():
        return _detail(request, transfer, bound={"sealed": form}, status=400)
    done = run_service(
        request, form, services.inbound_sealed_read, transfer=transfer, actor=request.user, **form.cleaned_data
    )
    if not done.ok:
        return _detail(request, transfer, bound={"sealed": form}, status=done.status)
    response = _detail(request, transfer, bound={"identity": done.result})
    response["Cache-Control"] = "private, no-store"
    return response


@member_page(PROCESS)
def unit_search(request: MemberRequest) -> JsonResponse:
    """The units a petition can be forwarded to, for the forward form's search box (name or code)."""
    units = receiving_units(query=request.GET.get("q", ""))[:20]
    return JsonResponse({"units": [{"code": u.code, "name": u.name} for u in units]})


@member_page("oversight.view_province")
def stuck(request: MemberRequest) -> HttpResponse:
    """The inspectorate's list: transfers of its province whose delivery failed or whose answer is late."""
    codes = list(unit_list(province_code=request.tenant.province_code).values_list("code", flat=True))
    page = Paginator(stuck_transfers(unit_codes=codes), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "transfers/stuck.html", {"page_obj": page})
