"""Issuing a step's documents in the step's transaction (the forms: ``core.petitions.issuing``)."""

from __future__ import annotations

from datetime import date

from core.documents.models import IssuedDocument
from core.documents.services import document_issue

from ..issuing.registry import StepFacts, step_documents
from ..models import Petition


def step_documents_issue(*, petition: Petition, step: str, on: date, actor, data: dict) -> list[IssuedDocument]:
    """Every document ``step`` issues for ``petition``, numbered and stored in the caller's
    transaction (a failure rolls the step back). The signer is the officer recording the step
    (``core.documents``' default) until the step's forms ask who signs."""
    facts = StepFacts(petition=petition, on=on, actor=actor, data=data)
    issued = []
    for spec in step_documents(step):
        issue = spec.build(facts)
        if issue is None:
            continue
        issued.append(
            document_issue(
                kind=spec.kind,
                on_date=on,
                actor=actor,
                context=issue.context,
                subject=petition,
                kinh_gui=issue.kinh_gui,
                recipients=issue.recipients,
                denouncer=issue.denouncer,
            )
        )
    return issued
