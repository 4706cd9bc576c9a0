"""Dates kept as ISO text (in JSON: a forwarded case's package, an event's data) shown as officials
read them, dd/mm/yyyy."""

from datetime import date

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def iso_day(value):
    """``"2026-12-01"`` → ``"01/12/2026"``; anything that is not an ISO date is shown as it is."""
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    try:
        return f"{date.fromisoformat(str(value)):%d/%m/%Y}"
    except ValueError:
        return value


@register.simple_tag
def due(day, state=""):
    """A due date as lists show it, with its state ("overdue", "soon" or none) spelled out; a dash
    when there is none. A tag, not an included template: a list of 50 rows included it 50 times."""
    if not day:
        return mark_safe('<span class="muted">—</span>')
    note = {"overdue": _("Overdue"), "soon": _("Due soon")}.get(state)
    return format_html(
        '<span class="due{}">{}{}</span>',
        f" due-{state}" if state else "",
        date_filter(day, "d/m/Y"),
        format_html(" · {}", note) if note else "",
    )
