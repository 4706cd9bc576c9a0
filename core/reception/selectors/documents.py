"""The documents issued about a visit or a session (the engine's register, by subject)."""

from __future__ import annotations

from django.db.models import QuerySet

from core.documents.models import IssuedDocument
from core.documents.selectors import documents_for

from ..models import ReceptionSession, Visit

SESSION_NOTICE = "reception.session_notice"


def visit_documents(visit: Visit) -> QuerySet[IssuedDocument]:
    """The receipt (02/TCD) and refusal notice (01/TCD) issued with the visit, current versions."""
    return documents_for(subject=visit)


def session_documents(session: ReceptionSession) -> QuerySet[IssuedDocument]:
    return documents_for(subject=session)


def session_notice_document(session: ReceptionSession) -> IssuedDocument | None:
    """The current version of the session's conclusion notice, if it was issued through the engine."""
    return session_documents(session).filter(kind=SESSION_NOTICE).order_by("-id").first()
