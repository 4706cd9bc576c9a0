"""The plain facts that tenant apps push into the public index: codes, dates, counts and flags.

The index knows no tenant app (import-linter holds it to that): petitions and reception turn
their rows into these facts, in the transaction that changed them, and call
``core.caseindex.services``. Nothing here can carry a name, an identity number or free text.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields
from datetime import date


@dataclass(frozen=True)
class CaseFacts:
    """A petition as seen from outside its unit."""

    case_id: uuid.UUID
    registry_number: str
    petition_type: str
    field_code: str
    channel: str
    status: str
    outcome: str
    received_date: date
    accepted_date: date | None
    decided_date: date | None
    resolution_due_date: date | None
    next_due_date: date | None
    is_closed: bool
    closed_date: date | None


#: The amounts (money in đồng, land in m²) and counts of ``ResultFacts``, in the order the forms print them.
RESULT_FIGURES = (
    "state_money",
    "state_land",
    "org_money",
    "org_land",
    "person_money",
    "person_land",
    "orgs_restored",
    "persons_restored",
    "discipline_persons",
    "discipline_officials",
    "investigation_persons",
)


@dataclass(frozen=True)
class ResultFacts:
    """What a case's decision or conclusion found and ordered, after a step that records results:
    a verdict code, amounts (money in đồng, land in m²) and counts, never a name."""

    verdict: str = ""
    after_explanation: bool = False
    state_money: int = 0
    state_land: int = 0
    org_money: int = 0
    org_land: int = 0
    person_money: int = 0
    person_land: int = 0
    orgs_restored: int = 0
    persons_restored: int = 0
    discipline_persons: int = 0
    discipline_officials: int = 0
    referred_to_investigation: bool = False
    investigation_persons: int = 0

    @classmethod
    def of(cls, values: dict) -> ResultFacts:
        """From a stored snapshot, ignoring keys a later version no longer has."""
        names = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in values.items() if key in names})


@dataclass(frozen=True)
class CaseEventFacts:
    """One dated step of a petition, with where the petition stood after it."""

    case_id: uuid.UUID
    petition_type: str
    field_code: str
    channel: str
    kind: str
    from_status: str
    to_status: str
    event_date: date
    outcome: str
    complaint_level: int | None
    on_time: bool | None
    is_processable: bool | None
    within_jurisdiction: bool | None
    source_event_id: int
    # The matter (vụ việc) the petition belongs to (its first petition's case id) and where that
    # matter stood when the petition came, as classified (02/XLD).
    matter_id: uuid.UUID | None = None
    prior_resolution: str = ""
    # The case's results after a step that records them (03/GQKN, 04/GQTC, 05/KQTH).
    results: ResultFacts | None = None


@dataclass(frozen=True)
class VisitFacts:
    source_id: int
    date: date
    visit_kind: str
    headcount: int
    is_crowd: bool
    is_repeat: bool
    petition_type: str
    field_code: str


@dataclass(frozen=True)
class SessionFacts:
    source_id: int
    date: date
    session_kind: str
    session_status: str
    head_in_person: bool
    is_substitution: bool


@dataclass(frozen=True)
class ReceptionStatFacts:
    officers_active: int
    officers_trained: int
    hot_spots_open: int
    matters_repeated: int


@dataclass
class Difference:
    """What a unit's own records and the index disagree on (ids of the unit's records)."""

    source: str
    missing: list = field(default_factory=list)
    extra: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    missing_events: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.missing) + len(self.extra) + len(self.changed) + len(self.missing_events)


@dataclass(frozen=True)
class CitizenKey:
    """A sender's identity document as a keyed digest (``citizen_keys.citizen_keys``), under one
    version of the platform's secret: the only form in which a person reaches the public schema."""

    version: int
    digest: str


@dataclass(frozen=True)
class CaseCitizensFacts:
    """The senders of a petition, as keyed digests (under every configured version of the secret)."""

    case_id: uuid.UUID
    keys: tuple[CitizenKey, ...]
