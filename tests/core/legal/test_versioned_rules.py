"""The four versioned-rule tables share one base: one "in force on" query and one period check."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.legal.models import DeadlineRule, LegalParameter, ReceptionQuotaRule
from core.reports.models import ReportPeriodRule

pytestmark = pytest.mark.django_db

MODELS = [DeadlineRule, ReceptionQuotaRule, LegalParameter, ReportPeriodRule]


@pytest.mark.parametrize("model", MODELS)
def test_in_force_picks_the_versions_of_the_day_with_inclusive_ends(model):
    for row in model.objects.all()[:50]:
        for day in (row.effective_from, row.effective_to):
            if day is not None:
                assert model.objects.in_force(day).filter(pk=row.pk).exists()
                assert row.is_in_force(day)
    ended = model.objects.filter(effective_to__isnull=False).first()
    if ended is not None:
        after = date.fromordinal(ended.effective_to.toordinal() + 1)
        assert not model.objects.in_force(after).filter(pk=ended.pk).exists()
        assert model.objects.in_force_during(ended.effective_to, after).filter(pk=ended.pk).exists()
        assert not model.objects.in_force_during(after, None).filter(pk=ended.pk).exists()


def test_the_seeded_tables_answer_for_a_day_of_each_regime():
    assert ReceptionQuotaRule.objects.in_force(date(2026, 6, 30)).exists()
    assert ReceptionQuotaRule.objects.in_force(date(2026, 7, 1)).exists()
    assert ReportPeriodRule.objects.in_force(date(2026, 7, 1)).count() == 1


@pytest.mark.parametrize(
    ("model", "values"),
    [
        (ReceptionQuotaRule, {"unit_kinds": ["department"], "min_days": 1, "per": "month"}),
        (LegalParameter, {"code": "test.parameter", "value": 1}),
        (ReportPeriodRule, {"form_version": "TT test", "cutoff_day": 15}),
    ],
)
def test_a_version_cannot_end_before_it_starts(model, values):
    row = model(**values, effective_from=date(2031, 1, 10), effective_to=date(2031, 1, 9), legal_basis="Thử")
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert "effective_to" in refused.value.message_dict
    # The database refuses it too, whoever writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()
