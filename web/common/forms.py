"""Form fields of every page: dates are written day first (dd/mm/yyyy) whatever the UI language;
rows of people (senders, citizens) are listed up to one shared limit."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M"]
DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
TIME_ATTRS = {"placeholder": "hh:mm", "inputmode": "numeric"}

ALL = _("(all)")

#: The most rows of people one form shows: a petition's senders, a visit's citizens. No law limits
#: how many people sign a petition or come together; the law limits how many *representatives* a
#: group appoints (Reception Law Art. 29), which the services check. People beyond the rows are
#: counted in the petition's number of signers or the visit's number of people: the cap only keeps
#: one page's formset bounded, the same for both forms.
MAX_PEOPLE_ROWS = 60


def with_blank(choices, label=ALL) -> list:
    """``choices`` after an empty choice: "(all)" in a filter, "—" where a value is optional."""
    return [("", label), *choices]


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's choice field ``name``, for the forms that fill its options per request."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a choice field")
    return field


class DayFirstDateField(forms.DateField):
    """dd/mm/yyyy whatever the UI language (ISO dates are accepted too)."""

    widget = forms.DateInput(format="%d/%m/%Y", attrs=DATE_ATTRS)

    def __init__(self, **kwargs):
        super().__init__(input_formats=DATE_INPUT_FORMATS, **kwargs)


class DayFirstDateTimeWidget(forms.SplitDateTimeWidget):
    def __init__(self):
        super().__init__(
            date_format="%d/%m/%Y",
            time_format="%H:%M",
            date_attrs={**DATE_ATTRS, "class": "date-part"},
            # A lazy label, translated when rendered; Django takes any value, its stubs only str.
            time_attrs={**TIME_ATTRS, "class": "time-part", "aria-label": _("Time")},  # type: ignore[dict-item]
        )

    def id_for_label(self, id_: str) -> str:
        # The field's label names the date input; the time input carries its own aria-label.
        return f"{id_}_0" if id_ else id_


class DayFirstDateTimeField(forms.SplitDateTimeField):
    """A date (dd/mm/yyyy) and a time (hh:mm) side by side, cleaned to one aware datetime: one
    field for a service's one ``…_at`` argument, so its refusals land on it."""

    widget = DayFirstDateTimeWidget

    def __init__(self, **kwargs):
        super().__init__(input_date_formats=DATE_INPUT_FORMATS, input_time_formats=TIME_INPUT_FORMATS, **kwargs)


def people_formset(form: type[forms.Form], formset: type[forms.BaseFormSet], rows: int):
    """The formset class of ``rows`` empty rows of people (1 to ``MAX_PEOPLE_ROWS``)."""
    rows = max(1, min(rows, MAX_PEOPLE_ROWS))
    return forms.formset_factory(
        form, formset=formset, extra=rows, max_num=MAX_PEOPLE_ROWS, absolute_max=MAX_PEOPLE_ROWS, validate_max=True
    )


def rows_requested(request: HttpRequest, default: int) -> int:
    """How many rows of people the page asks for ("More rows" adds ``?rows=``), else ``default``."""
    try:
        return int(request.GET.get("rows") or default)
    except ValueError:
        return default
