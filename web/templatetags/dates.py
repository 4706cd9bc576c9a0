"""Dates kept as ISO text (in JSON: a forwarded case's package, an event's data) shown as officials
read them, dd/mm/yyyy."""

from datetime import date

from django import template

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
