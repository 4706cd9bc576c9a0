"""``{% document_signature document %}``: whether an issued document's PDF is digitally signed."""

from django import template

from core.signing.selectors import document_signature_get

register = template.Library()


@register.inclusion_tag("signing/_document_signature.html")
def document_signature(document) -> dict:
    return {"document": document, "signature": document_signature_get(document)}
