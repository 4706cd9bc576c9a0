"""Forms of the reception pages. They parse input only; every rule is the services' (which raise
``ApplicationError`` naming the offending field, shown on that field by the views)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.accounts.models import User
from core.catalogue.selectors import field_choices
from core.petitions.choices import PetitionType
from core.petitions.identity_documents import IdKind
from core.petitions.models import Petition
from core.reception.choices import (
    Employment,
    RefusalReason,
    RiskLevel,
    SessionKind,
    SessionStatus,
    VisitKind,
    VisitOutcome,
)
from core.reception.models import Matter, ReceptionOfficer, ReceptionSession, Visit
from web.common.forms import DayFirstDateField, DayFirstDateTimeField, choice_field, people_formset, with_blank

#: How many citizen rows the visit form shows by default (more with ?rows=…, up to
#: ``web.common.forms.MAX_PEOPLE_ROWS``).
CITIZEN_ROWS = 10
TIME = forms.TimeInput(format="%H:%M", attrs={"placeholder": "hh:mm", "inputmode": "numeric"})
WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


def _user_choices(perm: str | None = None, blank: str = "—") -> list[tuple[str, str]]:
    users = User.objects.filter(is_active=True).order_by("full_name", "username")
    return [("", blank)] + [(str(u.pk), u.display_name) for u in users if perm is None or u.has_perm(perm)]


def _user(pk: str | None):
    return User.objects.filter(pk=pk, is_active=True).first() if pk else None


def _one(model):
    """Coerces a chosen id to its object, for a service that takes the object (None if it is gone)."""
    return lambda pk: model.objects.filter(pk=pk).first()


#
# Visits
#


class VisitForm(forms.Form):
    """One entry of the reception log; the people come in ``CitizenFormSet``."""

    visited_at = DayFirstDateTimeField(label=_("Date and time"))
    place = forms.CharField(label=_("Place"), max_length=255)
    kind = forms.ChoiceField(label=pgettext_lazy("visit", "Reception"), choices=VisitKind.choices)
    session = forms.TypedChoiceField(
        label=_("Leader's session"), required=False, coerce=_one(ReceptionSession), empty_value=None
    )
    petition_type = forms.ChoiceField(label=pgettext_lazy("visit", "Type"), choices=PetitionType.choices)
    field_code = forms.ChoiceField(label=_("Field"))
    subject = forms.CharField(
        label=_("Subject"),
        max_length=500,
        required=False,
        help_text=_("The decision, act or person concerned; used as the petition's subject."),
    )
    content = forms.CharField(label=_("Content raised"), widget=forms.Textarea(attrs={"rows": 4}))
    previously_resolved_by = forms.CharField(label=_("Already resolved by"), max_length=255, required=False)
    documents_received = forms.CharField(
        label=_("Documents handed in"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One document per line (name, pages, original or copy): they are listed on the receipt."),
    )
    headcount = forms.IntegerField(
        label=_("Number of people"),
        min_value=1,
        initial=1,
        help_text=_("From 5 people a visit is a crowd delegation: mark its representatives below."),
    )
    matter_id = forms.TypedChoiceField(
        label=_("Earlier matter (repeat visit)"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Leave empty: a repeat is also found by the same identity number in the same field."),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=VisitOutcome.choices,
        widget=forms.RadioSelect,
        help_text=_("“Petition registered” registers the petition in the same step and issues its receipt code."),
    )
    refusal_reason = forms.ChoiceField(
        label=_("Legal ground for refusing"), required=False, choices=with_blank(RefusalReason.choices, "—")
    )
    referred_to = forms.CharField(label=_("Guided or forwarded to"), max_length=255, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "field_code").choices = with_blank(field_choices(), label="—")
        today = timezone.localdate()
        sessions = ReceptionSession.objects.filter(
            date=today, status__in=(SessionStatus.PLANNED, SessionStatus.HELD)
        ).select_related("presiding")
        choice_field(self, "session").choices = [("", "—")] + [
            (s.pk, f"{s.start_time:%H:%M} · {s.presiding.display_name} · {s.get_kind_display()}") for s in sessions
        ]
        matters = Matter.objects.filter(closed=False).order_by("-last_visit_on", "-id")[:300]
        choice_field(self, "matter_id").choices = [("", "—")] + [
            (m.pk, f"#{m.pk} · {m.title[:90]} ({m.visit_count})") for m in matters
        ]

    def clean_documents_received(self) -> list[str]:
        """One document a line, as the service takes them (it checks them)."""
        return [line.strip() for line in self.cleaned_data.get("documents_received", "").splitlines()]


class CitizenForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    id_kind = forms.ChoiceField(label=_("Identity document"), choices=IdKind.choices, initial=IdKind.CCCD)
    id_number = forms.CharField(label=_("Document number"), max_length=20, required=False)
    address_street = forms.CharField(label=_("Address"), max_length=255, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    is_representative = forms.BooleanField(label=_("Representative"), required=False)

    def has_changed(self) -> bool:
        # The identity document kind has an initial value: a row is filled when it has a name.
        return bool(self.data.get(self.add_prefix("full_name"), "").strip()) if self.is_bound else False

    def citizen(self) -> dict:
        data = {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}
        data.setdefault("full_name", "")
        return data


class BaseCitizenFormSet(forms.BaseFormSet):
    def citizens(self) -> list[dict]:
        return [form.citizen() for form in self.forms if form.has_changed()]


def citizen_formset(rows: int = CITIZEN_ROWS):
    return people_formset(CitizenForm, BaseCitizenFormSet, rows)


class LogPeriodForm(forms.Form):
    """The period of the printed or exported reception log (Form 03/TCD)."""

    date_from = DayFirstDateField(label=_("From"))
    date_to = DayFirstDateField(label=_("To"))


class VisitFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=200, widget=forms.TextInput(attrs={"type": "search"})
    )
    date_from = DayFirstDateField(label=_("From"), required=False)
    date_to = DayFirstDateField(label=_("To"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=with_blank(VisitOutcome.choices))
    petition_type = forms.ChoiceField(
        label=pgettext_lazy("visit", "Type"), required=False, choices=with_blank(PetitionType.choices)
    )
    kind = forms.ChoiceField(
        label=pgettext_lazy("visit", "Reception"), required=False, choices=with_blank(VisitKind.choices)
    )
    crowd = forms.ChoiceField(
        label=_("Crowd delegations"), required=False, choices=with_blank([("1", _("Crowds only"))])
    )
    repeat = forms.ChoiceField(
        label=_("Repeat visits"),
        required=False,
        choices=with_blank([("1", _("Repeat visits only")), ("0", _("First visits only"))]),
    )
    matter = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def selector_kwargs(self) -> dict:
        self.is_valid()
        data = self.cleaned_data
        return {
            "query": data.get("q", ""),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "outcome": data.get("outcome", ""),
            "petition_type": data.get("petition_type", ""),
            "kind": data.get("kind", ""),
            "is_crowd": True if data.get("crowd") == "1" else None,
            "is_repeat": {"1": True, "0": False}.get(data.get("repeat", "")),
            "matter_id": data.get("matter"),
        }


class NotifyForm(forms.Form):
    on = DayFirstDateField(label=_("Date"), required=False, help_text=_("Empty means today."))


class HotSpotForm(forms.Form):
    is_hot_spot = forms.BooleanField(label=_("Hot spot"), required=False, initial=True)
    risk_level = forms.ChoiceField(label=_("Risk level"), required=False, choices=with_blank(RiskLevel.choices, "—"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("is_hot_spot") and not data.get("risk_level"):
            self.add_error("risk_level", _("Choose the risk level."))
        return data


#
# Sessions
#


class SessionScheduleForm(forms.Form):
    """One session, or with "repeat weekly" one on that weekday of every week until a date (then
    ``date`` and ``end`` are the period of ``sessions_schedule_weekly``)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    date = DayFirstDateField(label=_("Date"), help_text=_("For a weekly schedule: the first day of the period."))
    start_time = forms.TimeField(label=_("Starts at"), widget=TIME, input_formats=["%H:%M"])
    end_time = forms.TimeField(label=_("Ends at"), widget=TIME, input_formats=["%H:%M"], required=False)
    place = forms.CharField(label=_("Place"), max_length=255)
    presiding = forms.TypedChoiceField(label=_("Presiding leader"), coerce=_user, empty_value=None)
    is_substitution = forms.BooleanField(label=_("A deputy stands in for the head"), required=False)
    substitution_reason = forms.CharField(label=_("Why the head cannot preside"), max_length=500, required=False)
    is_public = forms.BooleanField(label=_("Show on the public schedule"), required=False, initial=True)
    weekly = forms.BooleanField(label=_("Repeat every week"), required=False)
    weekday = forms.TypedChoiceField(
        label=_("Day of the week"), choices=WEEKDAYS, coerce=int, required=False, empty_value=None
    )
    end = DayFirstDateField(label=_("Until"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "presiding").choices = _user_choices("reception.manage_sessions")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("weekly"):
            if data.get("weekday") is None:
                self.add_error("weekday", _("Choose a day of the week."))
            if not data.get("end"):
                self.add_error("end", _("Say until when."))
        return data


class PublishForm(forms.Form):
    published_on = DayFirstDateField(label=_("Published on"), required=False, help_text=_("Empty means today."))


class SubstituteForm(forms.Form):
    deputy = forms.TypedChoiceField(label=_("Deputy presiding"), coerce=_user, empty_value=None)
    reason = forms.CharField(label=_("Why the head cannot preside"), max_length=500)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_substitute_%s")
        super().__init__(*args, **kwargs)
        choice_field(self, "deputy").choices = _user_choices("reception.manage_sessions")


class PostponeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)
    new_date = DayFirstDateField(label=_("New date"), required=False)
    new_start_time = forms.TimeField(label=_("New time"), widget=TIME, input_formats=["%H:%M"], required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_postpone_%s")
        super().__init__(*args, **kwargs)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_cancel_%s")
        super().__init__(*args, **kwargs)


class HoldForm(forms.Form):
    attendees = forms.CharField(
        label=_("Attending"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leaders of other agencies, the note-taker, police…"),
    )
    officer_ids = forms.TypedMultipleChoiceField(
        label=_("Reception officers attending"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    visit_ids = forms.TypedMultipleChoiceField(
        label=_("Visits received in the session"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    end_time = forms.TimeField(label=_("Ended at"), widget=TIME, input_formats=["%H:%M"], required=False)

    def __init__(self, *args, session: ReceptionSession, **kwargs):
        kwargs.setdefault("auto_id", "id_hold_%s")
        super().__init__(*args, **kwargs)
        officers = ReceptionOfficer.objects.filter(active=True).order_by("full_name")
        choice_field(self, "officer_ids").choices = [(o.pk, o.full_name) for o in officers]
        visits = Visit.objects.filter(visited_at__date=session.date).filter(
            session__isnull=True
        ) | Visit.objects.filter(session=session)
        choice_field(self, "visit_ids").choices = [
            (v.pk, f"{v.number} · {timezone.localtime(v.visited_at):%H:%M} · {v.content[:80]}")
            for v in visits.order_by("visited_at")
        ]


class InstructionForm(forms.Form):
    visit = forms.TypedChoiceField(label=_("Matter"), required=False, coerce=_one(Visit), empty_value=None)
    text = forms.CharField(label=_("Leader's instruction"), widget=forms.Textarea(attrs={"rows": 3}))
    assignee_body = forms.CharField(label=_("Responsible body"), max_length=255)
    assignee = forms.TypedChoiceField(label=_("Responsible officer"), required=False, coerce=_user, empty_value=None)
    due_date = DayFirstDateField(label=_("Due date"))

    def __init__(self, *args, session: ReceptionSession, **kwargs):
        kwargs.setdefault("auto_id", "id_instruction_%s")
        super().__init__(*args, **kwargs)
        choice_field(self, "visit").choices = [("", _("(general instruction)"))] + [
            (v.pk, f"{v.number} · {v.content[:80]}") for v in session.visits.order_by("visited_at")
        ]
        choice_field(self, "assignee").choices = _user_choices()


class NoticeForm(forms.Form):
    """The notice's number comes from the unit's register of outgoing documents."""

    notice_date = DayFirstDateField(label=_("Notice date"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_notice_%s")
        super().__init__(*args, **kwargs)


class SessionFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=with_blank(SessionStatus.choices))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=with_blank(SessionKind.choices))
    date_from = DayFirstDateField(label=_("From"), required=False)
    date_to = DayFirstDateField(label=_("To"), required=False)

    def selector_kwargs(self) -> dict:
        self.is_valid()
        return {key: self.cleaned_data.get(key) or ("" if key in ("status", "kind") else None) for key in self.fields}


class InstructionCompleteForm(forms.Form):
    result = forms.CharField(label=_("Result"), widget=forms.Textarea(attrs={"rows": 2}))
    done_on = DayFirstDateField(label=_("Done on"), required=False, help_text=_("Empty means today."))


#
# Dialogues
#


class DialogueForm(forms.Form):
    petition = forms.TypedChoiceField(label=_("Complaint"), coerce=_one(Petition))
    scheduled_at = DayFirstDateTimeField(label=_("Date and time"))
    place = forms.CharField(label=_("Place"), max_length=255)
    participants = forms.CharField(
        label=_("Participants"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The complainant, the person complained about, the verifying officer, related agencies."),
    )
    invited_on = DayFirstDateField(label=_("Invitations sent on"), required=False, help_text=_("Empty means today."))

    def __init__(self, *args, petitions, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "petition").choices = [("", "—")] + [
            (p.pk, f"{p.registry_number} · {p.subject[:80]}") for p in petitions
        ]


class DialogueRecordForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 4}))
    outcome = forms.CharField(
        label=pgettext_lazy("dialogue", "Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


#
# Staff, rooms, profile, periods
#


class OfficerForm(forms.Form):
    """A new officer of the reception registry (``officer_create``)."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    employment = forms.ChoiceField(label=_("Employment"), choices=Employment.choices)
    appointed_on = DayFirstDateField(label=_("Appointed on"), required=False)
    user = forms.TypedChoiceField(
        label=_("Account"),
        required=False,
        coerce=_user,
        empty_value=None,
        help_text=_("Links the visits they receive, for their duty days."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "user").choices = _user_choices()


class OfficerEditForm(OfficerForm):
    """An officer of the registry (``officer_update``): who leaves the post is kept, inactive."""

    active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class TrainingForm(forms.Form):
    course = forms.CharField(label=_("Course"), max_length=255)
    completed_on = DayFirstDateField(label=_("Completed on"))
    certificate = forms.CharField(label=_("Certificate no."), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_training_%s")
        super().__init__(*args, **kwargs)


class RoomForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    address = forms.CharField(label=_("Address"), max_length=255)
    capacity = forms.IntegerField(label=_("Seats"), min_value=0, initial=0)
    equipment = forms.CharField(label=_("Equipment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    accessible = forms.BooleanField(label=_("Step-free access"), required=False)
    online_ready = forms.BooleanField(label=_("Equipped for online reception"), required=False)


class UnitProfileForm(forms.Form):
    head = forms.TypedChoiceField(
        label=_("Head of the unit"),
        required=False,
        coerce=_user,
        empty_value=None,
        help_text=_("Only the sessions the head presides in person count toward the legal minimum."),
    )
    head_title = forms.CharField(label=_("Head's title"), max_length=150, required=False)
    reception_address = forms.CharField(label=_("Reception address"), max_length=255, required=False)
    reception_hours = forms.CharField(label=_("Reception hours"), max_length=255, required=False)
    reception_rules = forms.CharField(
        label=_("Reception rules (nội quy)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Shown on the unit's public page."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "head").choices = _user_choices("reception.manage_sessions")


class PeriodForm(forms.Form):
    start = DayFirstDateField(label=_("From"), required=False)
    end = DayFirstDateField(label=_("To"), required=False)

    def period(self, default: tuple) -> tuple:
        self.is_valid()
        start = self.cleaned_data.get("start") or default[0]
        end = self.cleaned_data.get("end") or default[1]
        return (start, end) if end >= start else default
