from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from core.common.errors import ApplicationError
from core.reports.definitions import FORM_CODES
from core.reports.models import ReportJob
from core.reports.periods import PERIOD_KINDS, period_containing
from core.reports.selectors import MAX_YEAR, MIN_YEAR, report_period

FORM_NAMES = {
    "01/TCD": _("01/TCD – Citizen reception"),
    "02/XLD": _("02/XLD – Processing of submissions"),
    "03/GQKN": _("03/GQKN – Resolution of complaints"),
    "04/GQTC": _("04/GQTC – Resolution of denunciations"),
    "05/KQTH": _("05/KQTH – Execution of decisions and conclusions (unverified form)"),
}


def last_ended_quarter(today: date) -> tuple[str, int]:
    """The latest quarter whose period has ended (the one a unit submits next)."""
    current = period_containing(today)
    number = int(current.kind[1])
    return (f"q{number - 1}", current.year) if number > 1 else ("q4", current.year - 1)


class ReportChoiceForm(forms.Form):
    form = forms.ChoiceField(label=_("Form"), choices=[(code, FORM_NAMES[code]) for code in FORM_CODES])
    period = forms.ChoiceField(label=_("Period"), choices=[(kind, label) for kind, (_m, label) in PERIOD_KINDS.items()])
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)

    @classmethod
    def from_query(cls, query, *, today: date) -> ReportChoiceForm:
        kind, year = last_ended_quarter(today)
        data = {"form": FORM_CODES[0], "period": kind, "year": year}
        data.update({key: query[key] for key in data if query.get(key)})
        return cls(data)

    def clean(self):
        """The period's kind and year become the ``Period`` that the report selectors and services take."""
        super().clean()
        data = self.cleaned_data
        if "period" in data and "year" in data:
            try:
                data["period"] = report_period(data.pop("period"), data.pop("year"))
            except ApplicationError as exc:
                raise forms.ValidationError(exc.message) from exc
        return data


class JobStartForm(ReportChoiceForm):
    form = forms.ChoiceField(
        label=_("Form"),
        choices=[(ReportJob.ALL_FORMS, _("All forms")), *[(code, FORM_NAMES[code]) for code in FORM_CODES]],
    )
