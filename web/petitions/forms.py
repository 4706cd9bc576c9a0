"""Forms of the petition pages. They parse input only; every rule is the services' (which raise
``ApplicationError`` with the offending field, shown on that field by the views)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.catalogue.selectors import field_choices
from core.common.dates import today
from core.common.models import model_field
from core.legal.selectors import complaint_grounds_in_force, denunciation_grounds_in_force
from core.petitions.choices import (
    FIRST_LEVEL_VERDICTS,
    Channel,
    ComplaintKind,
    Complexity,
    Escalation,
    NotProcessableReason,
    Outcome,
    PetitionType,
    PriorResolution,
    ResultVerdict,
    SignerKind,
    Status,
    TransitionName,
)
from core.petitions.identity_documents import IdKind
from core.petitions.models import ResolutionResult
from core.petitions.services.results import (
    AFTER_EXPLANATION,
    AMOUNTS,
    MAX_AMOUNT,
    MAX_COUNT,
    REFERRED,
    RESULT,
    RESULT_STEPS,
)
from web.common.forms import DayFirstDateField, choice_field, people_formset, with_blank

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django_stubs_ext import StrOrPromise  # a dev dependency: annotations only

#: How many sender rows the registration form shows by default (more with ?rows=…, up to
#: ``web.common.forms.MAX_PEOPLE_ROWS``, the visit form's limit too).
SENDER_ROWS = 5


class PetitionFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=200, widget=forms.TextInput(attrs={"type": "search"})
    )
    petition_type = forms.ChoiceField(label=_("Type"), required=False, choices=with_blank(PetitionType.choices))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=with_blank(Status.choices))
    field_code = forms.ChoiceField(label=_("Field"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=with_blank(Channel.choices))
    state = forms.ChoiceField(
        label=_("Open or closed"),
        required=False,
        choices=with_blank([("open", pgettext_lazy("petition", "Open")), ("closed", _("Closed"))]),
    )
    due = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=with_blank([("soon", _("Due soon")), ("overdue", _("Overdue"))]),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "field_code").choices = with_blank(field_choices())

    def selector_kwargs(self) -> dict:
        """The arguments of ``selectors.petition_list`` from the valid filters (invalid ones are ignored)."""
        self.is_valid()
        data = self.cleaned_data
        state = data.get("state")
        return {
            "query": data.get("q", ""),
            "petition_type": data.get("petition_type", ""),
            "status": data.get("status", ""),
            "field_code": data.get("field_code", ""),
            "channel": data.get("channel", ""),
            "is_open": {"open": True, "closed": False}.get(state or ""),
            "due_soon": data.get("due") == "soon" or None,
            "overdue": data.get("due") == "overdue" or None,
        }


class PetitionRegisterForm(forms.Form):
    # No default: a preselected channel was left as it was and counted in the wrong column of 01/TCD.
    channel = forms.ChoiceField(label=_("Channel"), choices=with_blank(Channel.choices, "—"))
    received_date = DayFirstDateField(label=_("Received on"))
    forwarded_by = forms.CharField(label=_("Forwarded by"), max_length=255, required=False)
    forwarding_reference = forms.CharField(label=_("Forwarding letter no."), max_length=100, required=False)
    petition_type = forms.ChoiceField(label=_("Type"), choices=PetitionType.choices)
    field_code = forms.ChoiceField(label=_("Field"))
    subject = forms.CharField(label=_("Subject (decision, act or person concerned)"), max_length=500)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}))
    has_concrete_evidence = forms.BooleanField(label=_("Carries concrete, verifiable evidence"), required=False)
    complaint_kind = forms.ChoiceField(
        label=_("A complaint about"),
        choices=ComplaintKind.choices,
        initial=ComplaintKind.ADMINISTRATIVE,
        required=False,
        help_text=_("A disciplinary decision has its own, shorter time limits."),
    )
    escalation = forms.ChoiceField(
        label=_("A denunciation to us as the superior"),
        choices=with_blank(Escalation.choices, "—"),
        required=False,
    )
    signer_kind = forms.ChoiceField(label=_("Signed by"), choices=SignerKind.choices)
    signer_count = forms.IntegerField(
        label=_("Number of signers"),
        min_value=0,
        required=False,
        help_text=_("Leave empty to count the senders entered below."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "field_code").choices = with_blank(field_choices(), label="—")


class SignerForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    id_kind = forms.ChoiceField(label=_("Identity document"), choices=IdKind.choices, initial=IdKind.CCCD)
    id_number = forms.CharField(label=_("Document number"), max_length=20, required=False)
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1900, max_value=2100, required=False)
    address_street = forms.CharField(label=_("Address"), max_length=255, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    is_representative = forms.BooleanField(label=_("Representative"), required=False)

    def signer(self) -> dict:
        data = {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}
        data.setdefault("full_name", "")
        return data


class BaseSignerFormSet(forms.BaseFormSet):
    def signers(self) -> list[dict]:
        """The filled-in rows, in order (untouched rows are skipped)."""
        return [form.signer() for form in self.forms if form.has_changed()]


def signer_formset(rows: int = SENDER_ROWS):
    return people_formset(SignerForm, BaseSignerFormSet, rows)


YES_NO = [("1", _("Yes")), ("0", _("No"))]


def _yes(value: str) -> bool:
    return value == "1"


class ClassifyForm(forms.Form):
    """Step 1 of processing (TT 05/2021 Art. 6): eligible? within our jurisdiction?"""

    is_processable = forms.TypedChoiceField(
        label=_("Can it be processed?"), choices=YES_NO, coerce=_yes, widget=forms.RadioSelect
    )
    not_processable_reason = forms.ChoiceField(
        label=_("If not, the legal reason"), required=False, choices=with_blank(NotProcessableReason.choices, "—")
    )
    within_jurisdiction = forms.TypedChoiceField(
        label=_("Within our jurisdiction?"),
        choices=YES_NO,
        coerce=_yes,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    petition_type = forms.ChoiceField(
        label=_("Correct the type"), required=False, choices=with_blank(PetitionType.choices, "—")
    )
    prior_resolution = forms.ChoiceField(
        label=_("Has the matter been resolved before?"), required=False, choices=PriorResolution.choices
    )
    same_matter_as = forms.CharField(
        label=_("Same matter as petition no."),
        max_length=20,
        required=False,
        help_text=_("The registry number of an earlier petition about the same matter, e.g. 00012/2026."),
    )
    date = DayFirstDateField(label=_("Date"), required=False, help_text=_("Empty means today."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_classify_%s")
        super().__init__(*args, **kwargs)


class OutcomeForm(forms.Form):
    """Step 2 of processing: the outcome the classification allows, with its competent body."""

    outcome = forms.ChoiceField(label=_("Outcome"), widget=forms.RadioSelect)
    # A unit of the platform (its code, picked from the unit tree by name or code): the petition then
    # travels to its inbox. A body outside the platform stays free text, reached by the letter alone.
    receiving_unit = forms.CharField(
        label=_("Receiving unit on the platform"),
        # A unit's full name is typed here as often as its code (the list offers both).
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"list": "receiving-units", "autocomplete": "off"}),
        help_text=_(
            "To forward: type the unit's name or code and choose it. "
            "A body outside the platform: leave empty and name it below."
        ),
    )
    competent_body = forms.CharField(label=_("Competent body"), max_length=255, required=False)
    date = DayFirstDateField(label=_("Date"), required=False)
    # What the outcome's letter needs (core.petitions.issuing.processing); the service says which
    # outcome needs which.
    legal_ground = forms.CharField(
        label=_("Legal ground cited in the letter"),
        max_length=500,
        required=False,
        help_text=_("E.g. “khoản 2 Điều 24 Luật Tố cáo”. Left empty: “quy định của pháp luật”."),
    )
    reason = forms.CharField(
        label=_("Why it is returned"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to return a petition: the letter states it."),
    )
    guidance = forms.CharField(
        label=_("Guidance to the sender"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a letter with mixed contents (required): one line per content and the body competent for it."),
    )
    reference = forms.CharField(
        label=_("Earlier letter cited by the reminder"),
        max_length=255,
        required=False,
    )
    report_by = DayFirstDateField(label=_("Report by"), required=False, help_text=_("For a reminder: dd/mm/yyyy."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    #: The outcomes each input is for (``services.petitions.NEEDS_BODY`` and ``OUTCOME_INPUTS``); the
    #: date and the note are every outcome's. A field none of the offered outcomes uses is left out,
    #: and the others say which outcome they are for, so a small script (petitions/outcome.js) shows
    #: only the chosen outcome's; without the script all show, and the service checks them anyway.
    FIELD_OUTCOMES: dict[str, tuple[str, ...]] = {
        "receiving_unit": (Outcome.FORWARDED,),
        "competent_body": (Outcome.FORWARDED, Outcome.GUIDED, Outcome.RETURNED, Outcome.CHASED),
        "legal_ground": (Outcome.FORWARDED, Outcome.GUIDED, Outcome.RETURNED, Outcome.CHASED),
        "reason": (Outcome.RETURNED,),
        "guidance": (Outcome.GUIDED,),
        "reference": (Outcome.CHASED,),
        "report_by": (Outcome.CHASED,),
    }

    def __init__(self, *args, outcomes: Sequence[tuple[str, StrOrPromise]], **kwargs):
        kwargs.setdefault("auto_id", "id_outcome_%s")
        super().__init__(*args, **kwargs)
        choice_field(self, "outcome").choices = outcomes
        offered = {str(value) for value, _label in outcomes}
        for name, used_by in self.FIELD_OUTCOMES.items():
            used = [str(outcome) for outcome in used_by if outcome in offered]
            if not used:
                del self.fields[name]
            else:
                self.fields[name].widget.attrs["data-outcomes"] = " ".join(used)

    def clean_receiving_unit(self) -> str:
        """A unit's code; a full name typed without choosing from the list names the unit just as well."""
        from core.transfers.selectors import receiving_units

        value = self.cleaned_data["receiving_unit"].strip()
        if not value:
            return value
        matches = [unit for unit in receiving_units(query=value)[:20] if unit.name.casefold() == value.casefold()]
        return matches[0].code if len(matches) == 1 else value

    def receiving_units(self):
        """The units a petition can be forwarded to, for the field's list (read when the form is shown)."""
        from core.transfers.selectors import receiving_units

        return receiving_units()


#: The inputs each transition reads (core.petitions.workflow); every one also takes a date and a note.
TRANSITION_FIELDS: dict[str, tuple[str, ...]] = {
    TransitionName.COMPLAINT_ACCEPT: (
        "level",
        "complexity",
        "is_remote_area",
        "remote_area_basis",
        "decision_known_on",
        "limitation_obstacle",
    ),
    TransitionName.COMPLAINT_REFUSE: ("ground", "reason"),
    TransitionName.COMPLAINT_VERIFY: ("verifier", "verification_content", "verification_days"),
    TransitionName.COMPLAINT_DIALOGUE: ("dialogue_time", "place", "participants", "minutes", "dialogue_result"),
    TransitionName.COMPLAINT_DECIDE: ("decision",),
    TransitionName.COMPLAINT_PUBLISH: ("channel", "participants"),
    TransitionName.COMPLAINT_RESUME: ("reason",),
    TransitionName.COMPLAINT_SUSPEND: ("reason",),
    TransitionName.COMPLAINT_TERMINATE: ("reason",),
    TransitionName.DENUNCIATION_ACCEPT: ("verification_team",),
    TransitionName.DENUNCIATION_REFUSE: ("ground", "reason"),
    TransitionName.DENUNCIATION_EXTEND: ("complexity", "days", "reason"),
    TransitionName.DENUNCIATION_SUSPEND: ("reason",),
    TransitionName.DENUNCIATION_CONCLUDE: ("conclusion",),
    TransitionName.DENUNCIATION_HANDLE: ("measures",),
    TransitionName.DENUNCIATION_WITHDRAW: ("continue_handling",),
    TransitionName.DENUNCIATION_TERMINATE: ("reason",),
    TransitionName.PETITION_ANSWER: ("answer",),
    TransitionName.DENUNCIATION_EXTEND_CHECK: ("reason",),
    TransitionName.FORWARD_REPLY: ("citizen_asked",),
}


class TransitionForm(forms.Form):
    """One step of a resolution lifecycle; only the inputs its transition reads are kept."""

    date = DayFirstDateField(label=_("Date"), required=False, help_text=_("Empty means today."))
    level = forms.TypedChoiceField(
        label=_("Complaint level"), choices=[("1", "1"), ("2", "2")], coerce=int, required=False, empty_value=None
    )
    complexity = forms.ChoiceField(label=_("Complexity"), required=False, choices=with_blank(Complexity.choices, "—"))
    # Empty: as the unit is marked (the platform admin's remote-area flag); a different answer needs a basis.
    is_remote_area = forms.ChoiceField(
        label=_("Remote-area time limits"),
        required=False,
        choices=[("", _("As the unit is marked")), ("yes", _("Yes")), ("no", _("No"))],
    )
    remote_area_basis = forms.CharField(label=_("Basis for remote-area limits"), max_length=500, required=False)
    decision_known_on = DayFirstDateField(
        label=_("Decision received or known on"),
        required=False,
        help_text=_("When the complainant received or learned of the decision: the time to complain runs from it."),
    )
    limitation_obstacle = forms.CharField(
        label=_("Obstacle that stopped the time limit"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when the complaint came late: illness, disaster, travel or another objective obstacle."),
    )
    citizen_asked = forms.BooleanField(label=_("The citizen asked to be told the result"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    minutes = forms.CharField(label=_("Dialogue minutes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    decision = forms.CharField(
        label=_("Decision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "What the decision settles (Complaints Law Art. 31): whether the complaint is right, partly right or "
            "wrong, and whether the decision or act complained of is kept, amended or cancelled."
        ),
    )
    conclusion = forms.CharField(label=_("Conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    measures = forms.CharField(label=_("Handling measures"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    answer = forms.CharField(label=_("Answer"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    channel = forms.CharField(
        label=_("Published where"),
        max_length=255,
        required=False,
        help_text=_("At a meeting, posted at the office (at least 15 days) or in the media."),
    )
    continue_handling = forms.BooleanField(label=_("Handling continues despite the withdrawal"), required=False)
    verification_team = forms.CharField(
        label=_("Verification team"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One member per line, with position and role. Empty: the resolver verifies in person."),
    )
    # The ceiling (30 days, Denunciations Law Art. 30) is the rule table's: the service checks it.
    days = forms.IntegerField(
        label=_("Days granted"),
        required=False,
        help_text=_(
            "At most 30 days each time (Denunciations Law Art. 30): once for a complex case, twice for an "
            "especially complex one."
        ),
    )
    # Complaint documents (core.petitions.issuing.complaints): the ground of a non-acceptance notice,
    # who verifies and for how long, and what the dialogue minutes record.
    ground = forms.ChoiceField(label=_("Legal ground (Complaints Law Art. 11)"), required=False)
    verifier = forms.CharField(
        label=_("Assigned to verify"),
        max_length=500,
        required=False,
        help_text=_("Name and position of the person, or the body, assigned to verify."),
    )
    verification_content = forms.CharField(
        label=_("Content to verify"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Empty: the content of the complaint."),
    )
    verification_days = forms.IntegerField(
        label=_("Time for verification (days)"),
        required=False,
        min_value=1,
        help_text=_("Empty: until the decision is due."),
    )
    dialogue_time = forms.TimeField(label=_("Time"), required=False, help_text=_("hh:mm"))
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    participants = forms.CharField(
        label=_("Participants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, with their role; say who was absent and whether with good reason."),
    )
    dialogue_result = forms.CharField(
        label=_("Result of the dialogue"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was agreed, and what is still disputed."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, name: str, **kwargs):
        # One form per allowed transition on the detail page: plain field names, distinct ids.
        kwargs.setdefault("auto_id", f"id_{name.replace('.', '_')}_%s")
        super().__init__(*args, **kwargs)
        keep = {"date", *TRANSITION_FIELDS.get(name, ()), "note"}
        for field in list(self.fields):
            if field not in keep:
                del self.fields[field]
        if "ground" in self.fields:
            # The grounds in force today; the service checks the ground against the step's own date.
            if name == TransitionName.DENUNCIATION_REFUSE:
                in_force = denunciation_grounds_in_force(today())
                self.fields["ground"].label = _("Legal ground (Denunciations Law Art. 29(1))")
            else:
                in_force = complaint_grounds_in_force(today())
            grounds = [(ground.code, ground.label) for ground in in_force]
            choice_field(self, "ground").choices = with_blank(grounds, "—")
        if name in RESULT_STEPS:
            for field in RESULT_STEPS[name]:
                self.fields[field] = result_form_field(field, name)
            self.order_fields([field for field in self.fields if field != "note"])

    def transition_data(self) -> dict:
        """What ``workflow.petition_transition`` receives: the filled-in inputs (ticked boxes only; a
        figure typed as 0 is kept, so a handling step can correct one to nothing)."""
        return {
            key: value for key, value in self.cleaned_data.items() if value not in (None, "") and value is not False
        }


def result_form_field(name: str, step: str) -> forms.Field:
    """An input of the results a resolution step records (``core.petitions.services.results``),
    labelled as the case's record names it; amounts are whole đồng and m²."""
    if name == RESULT:
        # Only a complaint's decision can be at the second level; a conclusion is right, partly right or wrong.
        verdicts = FIRST_LEVEL_VERDICTS if step == TransitionName.DENUNCIATION_CONCLUDE else ResultVerdict.values
        choices = [(v, ResultVerdict(v).label) for v in verdicts]
        return forms.ChoiceField(label=_("Result"), required=False, choices=with_blank(choices, "—"))
    label = capfirst(model_field(ResolutionResult, name).verbose_name)
    if name in (AFTER_EXPLANATION, REFERRED):
        return forms.BooleanField(label=label, required=False)
    top = MAX_AMOUNT if name in AMOUNTS else MAX_COUNT
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=top)
