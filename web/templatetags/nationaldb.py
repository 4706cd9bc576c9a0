"""The national database sync on other areas' pages: a petition's badge, the inspectorate's tile.
Tags, so that those pages' views need not know the hand-off exists."""

from __future__ import annotations

from django import template

from core.nationaldb.selectors import case_sync
from core.nationaldb.status.selectors import province_totals

register = template.Library()


@register.inclusion_tag("nationaldb/_badge.html")
def nationaldb_badge(petition) -> dict:
    return {"petition": petition, "sync": case_sync(petition)}


@register.inclusion_tag("nationaldb/_province_tile.html")
def nationaldb_province_tile(unit) -> dict:
    return {"totals": province_totals(unit.province_code)}
