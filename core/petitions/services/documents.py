"""Issuing a step's documents in the step's transaction (the forms: ``core.petitions.issuing``)."""

from __future__ import annotations

from datetime import date

from core.documents.models import IssuedDocument
from core.documents.services import document_issue

from ..issuing.registry import StepFacts, step_documents
from ..models import Petition

#: Step input naming who signs, when it is not the officer recording the step (TM./KT./Q. + title + name).
SIGNER_FIELDS = ("signer_authority", "signer_title", "signer_name")


def _signature(data: dict) -> dict | None:
    given = {key.removeprefix("signer_"): (data.get(key) or "").strip() for key in SIGNER_FIELDS}
    return given if given["name"] else None


def step_documents_issue(*, petition: Petition, step: str, on: date, actor, data: dict) -> list[IssuedDocument]:
    """Every document ``step`` issues for ``petition``, numbered and stored in the caller's
    transaction (a failure rolls the step back)."""
    facts = StepFacts(petition=petition, on=on, actor=actor, data=data)
    signature = _signature(data)
    issued = []
    for spec in step_documents(step):
        issue = spec.build(facts)
        if issue is None:
            continue
        context = {**issue.context, "signature": signature} if signature else issue.context
        issued.append(
            document_issue(
                kind=spec.kind,
                on_date=on,
                actor=actor,
                context=context,
                subject=petition,
                kinh_gui=issue.kinh_gui,
                recipients=issue.recipients,
                denouncer=issue.denouncer,
            )
        )
    return issued
