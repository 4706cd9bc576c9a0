"""Input and output of the documents API. A document the caller may not open is listed by number,
title and date alone (``core.documents.access``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.documents.access import document_may_open
from core.documents.kinds import KINDS, kind_choices
from core.documents.models import IssuedDocument


class IssuedDocumentFilterSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    kind = serializers.ChoiceField(choices=kind_choices(), required=False)
    status = serializers.ChoiceField(choices=IssuedDocument.Status.choices, required=False)


class IssuedDocumentOutputSerializer(serializers.ModelSerializer):
    kind_label = serializers.SerializerMethodField()
    may_open = serializers.SerializerMethodField()
    kinh_gui = serializers.SerializerMethodField()
    recipients = serializers.SerializerMethodField()
    docx_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = IssuedDocument
        fields = [
            "id",
            "kind",
            "kind_label",
            "form_code",
            "form_version",
            "year",
            "number",
            "symbol",
            "number_display",
            "title",
            "issued_on",
            "version",
            "is_current",
            "status",
            "cancelled_at",
            "cancel_reason",
            "reissue_reason",
            "pdf_state",
            "pdf_error_code",
            "pdf_error",
            "subject_type",
            "subject_id",
            "issued_at",
            "may_open",
            "kinh_gui",
            "recipients",
            "docx_url",
            "pdf_url",
        ]

    def _may_open(self, document: IssuedDocument) -> bool:
        return document_may_open(self.context["request"].user, document)

    def get_kind_label(self, document: IssuedDocument) -> str:
        kind = KINDS.get(document.kind)
        return str(kind.label) if kind else document.kind

    def get_may_open(self, document: IssuedDocument) -> bool:
        return self._may_open(document)

    def get_kinh_gui(self, document: IssuedDocument) -> list[str]:
        return document.kinh_gui if self._may_open(document) else []

    def get_recipients(self, document: IssuedDocument) -> list[str]:
        return document.recipients if self._may_open(document) else []

    def _url(self, document: IssuedDocument, fmt: str) -> str | None:
        if not self._may_open(document) or (fmt == "pdf" and document.pdf_state != IssuedDocument.PdfState.READY):
            return None
        return self.context["request"].build_absolute_uri(reverse(f"api:documents:document-{fmt}", args=[document.pk]))

    def get_docx_url(self, document: IssuedDocument) -> str | None:
        return self._url(document, "docx")

    def get_pdf_url(self, document: IssuedDocument) -> str | None:
        return self._url(document, "pdf")


class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("Reason"), max_length=500)


class SymbolSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=kind_choices())
    symbol = serializers.CharField(max_length=40, allow_blank=True)
    default = serializers.CharField(read_only=True)
    configured = serializers.BooleanField(read_only=True)
