"""Reads of matters: those citizens come back about, in crowds, and the hot spots."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ..models import Matter


def hot_spots_open() -> QuerySet[Matter]:
    return Matter.objects.filter(is_hot_spot=True, closed=False).order_by("-risk_level", "-last_visit_on")


def matters_repeated(min_visits: int = 2) -> QuerySet[Matter]:
    return Matter.objects.filter(Q(visit_count__gte=min_visits) | Q(has_crowd=True), closed=False)


def matter_list(*, hot_spot: bool | None = None, repeated: bool | None = None, query: str = "") -> QuerySet[Matter]:
    matters = Matter.objects.all()
    if hot_spot is not None:
        matters = matters.filter(is_hot_spot=hot_spot)
    if repeated:
        matters = matters.filter(pk__in=matters_repeated().values("pk"))
    if query:
        matters = matters.filter(title__unaccent__icontains=query)  # "dat dai" finds "đất đai"
    return matters.order_by("-last_visit_on", "-id")
