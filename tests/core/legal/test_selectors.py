"""Choosing the rule version in force, and what compute() accepts."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from core.legal.models import DeadlineRule
from core.legal.selectors import (
    DeadlineInputError,
    DeadlineRuleNotFound,
    compute,
    compute_all,
    rule_get,
    rules_for,
)

pytestmark = pytest.mark.django_db

D = date

#: The clocks the petitions feature names; every one must be in the seeded table.
CODES = [
    "complaint.acceptance",
    "complaint.first_resolution",
    "complaint.second_resolution",
    "complaint.decision_send_first",
    "complaint.decision_send_second",
    "complaint.second_complaint_window",
    "complaint.suspension_notice",
    "denunciation.initial_check",
    "denunciation.forward",
    "denunciation.notify_acceptance",
    "denunciation.resolution",
    "denunciation.extension",
    "denunciation.conclusion_notify",
    "denunciation.handling",
    "submission.processing_sla",
    "submission.hard_alarm",
    "reception.outcome_notice",
    "petition.answer_sla",
    "schedule.publication",
]


@pytest.mark.parametrize("code", CODES)
def test_every_named_clock_is_in_force_after_1_7_2026(code):
    assert rule_get(code=code, on=D(2026, 7, 1)).code == code


@pytest.mark.parametrize(
    ("on", "variant", "length", "unit"),
    [
        pytest.param(D(2026, 6, 30), "", 10, "WD", id="30/6/2026: decree 10 WD"),
        pytest.param(D(2026, 7, 1), "", 7, "WD", id="1/7/2026: decree 7 WD"),
        pytest.param(D(2026, 6, 30), "law", 10, "CD", id="30/6/2026: Law 10 CD"),
        pytest.param(D(2026, 7, 1), "law", 10, "CD", id="1/7/2026: Law 10 CD"),
    ],
)
def test_rule_get_picks_the_version_in_force_on_the_event_date(on, variant, length, unit):
    rule = rule_get(code="complaint.acceptance", on=on, variant=variant)

    assert (rule.length, rule.unit) == (length, unit)


def test_the_law_clock_is_computed_alongside_the_operative_decree_clock():
    rules = rules_for(code="complaint.acceptance", on=D(2026, 7, 1))
    assert [(r.variant, r.is_operative) for r in rules] == [("", True), ("law", False)]

    deadlines = compute_all(code="complaint.acceptance", start=D(2026, 7, 6))
    assert [(d.variant, d.due_date) for d in deadlines] == [("", D(2026, 7, 15)), ("law", D(2026, 7, 16))]


@pytest.mark.parametrize(
    ("code", "on"),
    [
        pytest.param("complaint.unknown", D(2026, 7, 1), id="unknown code"),
        pytest.param("submission.hard_alarm", D(2026, 6, 30), id="NĐ 154 clock before it took effect"),
    ],
)
def test_rule_get_explains_a_missing_rule(code, on):
    with pytest.raises(DeadlineRuleNotFound, match=code):
        rule_get(code=code, on=on)


def test_overlapping_versions_are_refused_by_the_admin_and_reported_by_the_selector():
    current = rule_get(code="denunciation.forward", on=D(2026, 7, 1))
    overlapping = DeadlineRule(
        code=current.code,
        length=6,
        unit=current.unit,
        effective_from=D(2026, 1, 1),
        legal_basis="test",
        confidence="U",
        description_vi="x",
        description_en="x",
    )
    with pytest.raises(ValidationError):
        overlapping.full_clean()

    overlapping.save()
    with pytest.raises(DeadlineRuleNotFound, match="Several versions|Có nhiều phiên bản"):
        rule_get(code="denunciation.forward", on=D(2026, 7, 1))


def test_denunciations_allow_two_extensions_at_most():
    with pytest.raises(DeadlineInputError):
        compute(code="denunciation.resolution", start=D(2026, 3, 2), extensions=3)
    with pytest.raises(DeadlineInputError):
        compute(code="complaint.first_resolution", start=D(2026, 7, 2), extensions=1)


def test_a_unit_may_set_its_own_length_for_a_service_level_but_not_for_the_law():
    # Processing target of 5 WD from Wed 22/4/2026: Thu 23, Fri 24, (27/4 off) Tue 28, Wed 29, (30/4, 1/5 off) Mon 4/5.
    deadline = compute(code="submission.processing_sla", start=D(2026, 4, 22), length=5)
    assert (deadline.length, deadline.due_date, deadline.is_statutory) == (5, D(2026, 5, 4), False)

    with pytest.raises(DeadlineInputError):
        compute(code="reception.outcome_notice", start=D(2026, 4, 22), length=5)
