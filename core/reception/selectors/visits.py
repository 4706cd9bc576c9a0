"""Reads of the reception log."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from core.petitions.choices import SEALED_SENDER_TYPES

from ..models import Visit, VisitCitizen


def visit_list(
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    outcome: str = "",
    petition_type: str = "",
    field_code: str = "",
    kind: str = "",
    is_crowd: bool | None = None,
    is_repeat: bool | None = None,
    session_id: int | None = None,
    matter_id: int | None = None,
    query: str = "",
) -> QuerySet[Visit]:
    visits = Visit.objects.select_related("received_by", "matter", "petition", "session")
    if date_from:
        visits = visits.filter(visited_at__date__gte=date_from)
    if date_to:
        visits = visits.filter(visited_at__date__lte=date_to)
    if outcome:
        visits = visits.filter(outcome=outcome)
    if petition_type:
        visits = visits.filter(petition_type=petition_type)
    if field_code:
        visits = visits.filter(field_code=field_code)
    if kind:
        visits = visits.filter(kind=kind)
    if is_crowd is not None:
        visits = visits.filter(is_crowd=is_crowd)
    if is_repeat is not None:
        visits = visits.filter(is_repeat=is_repeat)
    if session_id:
        visits = visits.filter(session_id=session_id)
    if matter_id:
        visits = visits.filter(matter_id=matter_id)
    if query:
        # Accent- and case-insensitive, like the petitions' search: "nguyen" finds "Nguyễn".
        named = VisitCitizen.objects.filter(citizen__full_name__unaccent__icontains=query).values("visit_id")
        visits = visits.filter(Q(content__unaccent__icontains=query) | Q(number__icontains=query) | Q(pk__in=named))
    links = Prefetch("visitcitizen_set", queryset=VisitCitizen.objects.select_related("citizen").order_by("pk"))
    return visits.prefetch_related(links).order_by("-visited_at", "-id")


def visit_get(pk: int) -> Visit:
    return visit_list().get(pk=pk)


def visitor_label(visit: Visit) -> str:
    """Who came, as lists show it: a denouncer is never named."""
    if visit.petition_type in SEALED_SENDER_TYPES:
        return _("Denouncer (sealed)")
    links = list(visit.visitcitizen_set.all())
    names = [link.citizen.full_name for link in links]
    if visit.is_crowd:
        representatives = [link.citizen.full_name for link in links if link.is_representative]
        return _("Group of %(n)d, represented by %(names)s") % {
            "n": visit.headcount,
            "names": ", ".join(representatives) or "—",
        }
    label = ", ".join(names) or "—"
    if visit.headcount > max(len(names), 1):
        label = _("%(names)s (%(n)d people)") % {"names": label, "n": visit.headcount}
    return label
