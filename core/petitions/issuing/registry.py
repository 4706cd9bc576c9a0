"""Which documents each step of a petition issues, and how each is filled from the case.

A step (a workflow transition, or a processing outcome as ``outcome_event(outcome)``) issues its
documents in its own transaction through ``core.petitions.services.documents.step_documents_issue``:
a step whose legal duty is a notice is done only when the notice exists, numbered in the register.
The builders here only read the case; they return ``None`` when the document is not due for this
case (Form 03 is for denunciations only, the notice to a denouncer only when there is one to tell).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..models import Petition


@dataclass(frozen=True)
class StepFacts:
    """What a builder knows: the case as the step left it, the step's date, who acted, the step's input."""

    petition: Petition
    on: date
    actor: Any
    data: dict


@dataclass(frozen=True)
class Issue:
    """What the engine needs for one document besides its kind and date (``core.documents.services``)."""

    context: dict
    kinh_gui: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    #: Only for kinds addressed to the denouncer (``DocumentKind.may_name_denouncer``).
    denouncer: dict | None = None


Builder = Callable[[StepFacts], Issue | None]


@dataclass(frozen=True)
class StepDocument:
    step: str
    kind: str
    build: Builder


STEP_DOCUMENTS: dict[str, list[StepDocument]] = {}


def issues(step: str, kind: str) -> Callable[[Builder], Builder]:
    """Register ``build`` as how ``step`` fills its document of ``kind`` (in the order registered)."""

    def register(build: Builder) -> Builder:
        STEP_DOCUMENTS.setdefault(str(step), []).append(StepDocument(str(step), kind, build))
        return build

    return register


def step_documents(step: str) -> list[StepDocument]:
    from . import complaints, denunciations, processing  # noqa: F401  (registration)

    return STEP_DOCUMENTS.get(str(step), [])
