"""Reads of the unit's signing certificates and of documents' signatures."""

from __future__ import annotations

from .models import DocumentSignature, SigningCertificate


def certificate_in_use() -> SigningCertificate | None:
    return (
        SigningCertificate.objects.filter(is_active=True).select_related("uploaded_by").defer("sealed_bundle").first()
    )


def certificate_history() -> list[SigningCertificate]:
    return list(SigningCertificate.objects.select_related("uploaded_by", "revoked_by").defer("sealed_bundle"))


def document_signature_get(document) -> DocumentSignature | None:
    return DocumentSignature.objects.filter(document=document).select_related("certificate").first()
