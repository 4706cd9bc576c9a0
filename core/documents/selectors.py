"""Reads of a unit's register of outgoing documents."""

from __future__ import annotations

from django.db.models import Model, QuerySet

from .issuer import issuer_for, symbol_default
from .kinds import KINDS
from .models import DocumentSettings, DocumentSymbol, IssuedDocument


def document_register(*, year: int | None = None, kind: str = "", status: str = "") -> QuerySet[IssuedDocument]:
    """The register: each number once, at its current version, newest first."""
    documents = IssuedDocument.objects.filter(superseded_at__isnull=True).select_related("issued_by")
    if year:
        documents = documents.filter(year=year)
    if kind:
        documents = documents.filter(kind=kind)
    if status:
        documents = documents.filter(status=status)
    return documents.order_by("-year", "-issued_at", "-id")


def register_years() -> list[int]:
    return list(IssuedDocument.objects.order_by("-year").values_list("year", flat=True).distinct())


def document_get(pk: int) -> IssuedDocument:
    return IssuedDocument.objects.select_related("issued_by", "cancelled_by").get(pk=pk)


def document_versions(document: IssuedDocument) -> QuerySet[IssuedDocument]:
    """Every version of ``document``'s number, first to last."""
    return (
        IssuedDocument.objects.filter(year=document.year, kind=document.kind, number=document.number)
        .select_related("issued_by")
        .order_by("version")
    )


def documents_for(
    *, subject: Model | None = None, subject_ref: tuple[str, int] | None = None
) -> QuerySet[IssuedDocument]:
    """The current versions of the documents issued about a petition, visit, session…"""
    label, pk = (subject._meta.label_lower, subject.pk) if subject is not None else subject_ref  # type: ignore[misc]
    return IssuedDocument.objects.filter(
        subject_type=label.lower(), subject_id=pk, superseded_at__isnull=True
    ).order_by("issued_at", "id")


def document_settings_get() -> DocumentSettings:
    return DocumentSettings.objects.first() or DocumentSettings()


def symbol_table(unit) -> list[dict]:
    """Every kind with the symbol its next number will carry, and whether the unit set it."""
    configured = dict(DocumentSymbol.objects.values_list("kind", "symbol"))
    issuer = issuer_for(unit, DocumentSettings.objects.first())
    rows = []
    for kind in KINDS.values():
        default = symbol_default(doc_type=kind.doc_type, abbreviation=issuer.abbreviation)
        rows.append(
            {
                "kind": kind.code,
                "label": kind.label,
                "symbol": configured.get(kind.code, default),
                "default": default,
                "configured": kind.code in configured,
            }
        )
    return rows
