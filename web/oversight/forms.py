"""Forms of the inspectorate's pages. They parse input only; the services decide (and refuse with the
field at fault, shown on that field by the views)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.catalogue.selectors import field_choices
from core.petitions.choices import PetitionType
from core.reports.periods import PERIOD_KINDS
from web.common.forms import DayFirstDateField, choice_field, with_blank


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=[(k, label) for k, (_m, label) in PERIOD_KINDS.items()])
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class DueListFilterForm(forms.Form):
    due = forms.ChoiceField(
        label=_("Deadline"), required=False, choices=[("overdue", _("Overdue")), ("near", _("Due within 3 days"))]
    )
    unit_code = forms.ChoiceField(label=_("Unit"), required=False)
    petition_type = forms.ChoiceField(label=_("Type"), required=False, choices=with_blank(PetitionType.choices))
    field_code = forms.ChoiceField(label=_("Field"), required=False)

    def __init__(self, *args, units: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "unit_code").choices = with_blank(units.items())
        choice_field(self, "field_code").choices = with_blank(field_choices())

    def selector_kwargs(self) -> dict:
        self.is_valid()
        data = self.cleaned_data
        return {name: data.get(name) or "" for name in ("unit_code", "petition_type", "field_code")} | {
            "due": data.get("due") or "overdue"
        }


def _unit_field(units: dict[str, str], label) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=[("", "—"), *((code, f"{name} ({code})") for code, name in units.items())]
    )


class GrantForm(forms.Form):
    username = forms.ChoiceField(label=_("Inspector"))
    unit_code = forms.ChoiceField(label=_("Unit"))
    valid_from = DayFirstDateField(label=_("Valid from"))
    valid_to = DayFirstDateField(label=_("Valid to"))
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units: dict[str, str], inspectors: list[str], **kwargs):
        kwargs.setdefault("initial", {"valid_from": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["unit_code"] = _unit_field(units, _("Unit"))
        choice_field(self, "username").choices = [("", "—"), *((name, name) for name in inspectors)]


class InspectionForm(forms.Form):
    unit_code = forms.ChoiceField(label=_("Inspected unit"))
    decision_number = forms.CharField(label=_("Decision no."), max_length=100)
    scope = forms.CharField(label=_("Scope"), widget=forms.Textarea(attrs={"rows": 3}))
    period_start = DayFirstDateField(label=_("Inspected period from"))
    period_end = DayFirstDateField(label=_("Inspected period to"))
    starts_on = DayFirstDateField(label=_("Inspection starts"))
    ends_on = DayFirstDateField(label=_("Inspection ends"))
    team = forms.MultipleChoiceField(
        label=_("Team"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The team may open the inspected unit's cases from the first to the last day of the inspection."),
    )
    findings = forms.CharField(label=_("Findings"), required=False, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, units: dict[str, str], inspectors: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_code"] = _unit_field(units, _("Inspected unit"))
        choice_field(self, "team").choices = [(name, name) for name in inspectors]


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 3}))
    unit_code = forms.ChoiceField(label=_("Responsible unit"))
    due_date = DayFirstDateField(label=_("Due date"))
    follow_up_notes = forms.CharField(
        label=_("Follow-up notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, units: dict[str, str], with_notes: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_code"] = _unit_field(units, _("Responsible unit"))
        if not with_notes:
            del self.fields["follow_up_notes"]


class RecommendationDoneForm(forms.Form):
    done_on = DayFirstDateField(label=_("Done on"))
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)
