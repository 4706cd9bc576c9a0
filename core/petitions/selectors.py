"""Reads of a unit's petitions. Nothing here returns a sealed identity."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import QuerySet, Value
from django.utils.translation import gettext as _

from .choices import CLOSED_STATUSES, SignerKind
from .models import Petition, search_key
from .text import nfc

DUE_SOON_DAYS = 3


def petition_search(petitions: QuerySet[Petition], query: str) -> QuerySet[Petition]:
    """Accent- and case-insensitive: "nguyen van a" finds "Nguyễn Văn A".

    One trigram-indexed condition on the stored ``search_text`` (subject, summary and the senders'
    names); ``benchmarks/petitions.py`` measures it on 100,000 petitions.
    """
    return petitions.filter(search_text__contains=search_key(Value(nfc(query))))


def petition_list(
    *,
    petition_type: str = "",
    status: str = "",
    field_code: str = "",
    channel: str = "",
    overdue: bool | None = None,
    due_soon: bool | None = None,
    is_open: bool | None = None,
    received_from: date | None = None,
    received_to: date | None = None,
    query: str = "",
    today: date | None = None,
) -> QuerySet[Petition]:
    from .deadlines import today as _today

    today = today or _today()
    petitions = Petition.objects.all()
    if petition_type:
        petitions = petitions.filter(petition_type=petition_type)
    if status:
        petitions = petitions.filter(status=status)
    if field_code:
        petitions = petitions.filter(field_code=field_code)
    if channel:
        petitions = petitions.filter(channel=channel)
    if received_from:
        petitions = petitions.filter(received_date__gte=received_from)
    if received_to:
        petitions = petitions.filter(received_date__lte=received_to)
    if is_open is not None:
        petitions = (
            petitions.exclude(status__in=CLOSED_STATUSES) if is_open else petitions.filter(status__in=CLOSED_STATUSES)
        )
    if overdue:
        petitions = petitions.filter(next_due_date__lt=today).exclude(status__in=CLOSED_STATUSES)
    if due_soon:
        petitions = petitions.filter(next_due_date__gte=today, next_due_date__lte=today + timedelta(DUE_SOON_DAYS))
    if query:
        petitions = petition_search(petitions, query)
    return petitions.order_by("-received_date", "-id")


def petition_get(pk: int) -> Petition:
    return Petition.objects.prefetch_related("citizens").get(pk=pk)


def sender_label(petition: Petition) -> str:
    """Who sent it, as lists show it: a sealed denouncer is never named."""
    if petition.is_confidential:
        return _("Denouncer (sealed)")
    if petition.signer_kind == SignerKind.ANONYMOUS:
        return _("Anonymous")
    return ", ".join(citizen.full_name for citizen in petition.citizens.all())
