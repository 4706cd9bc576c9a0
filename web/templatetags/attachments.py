"""``{% petition_attachments petition %}``: a petition's files card, on its own page and on the
page of the visit it was registered from (``back="visit"`` brings the uploader back there)."""

from __future__ import annotations

from django import template

from web.petitions.attachments import attachments_context

register = template.Library()


@register.inclusion_tag("petitions/_attachments.html", takes_context=True)
def petition_attachments(context, petition, back: str = "") -> dict:
    return attachments_context(petition, context["request"].user, back=back)
