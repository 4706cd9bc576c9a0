"""A unit's citizen reception: the reception log, leaders' sessions and their follow-up,
matters and hot spots, dialogues, reception staff and rooms, and the public reception rules."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import Employment, RefusalReason, RiskLevel, SessionKind, SessionStatus, VisitKind, VisitOutcome


class UnitProfile(models.Model):
    """Who heads the unit, for counting the head's own reception sessions. One row per unit."""

    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("head of the unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    head_title = models.CharField(_("head's title"), max_length=150, blank=True)
    reception_rules = models.TextField(_("reception rules (nội quy)"), blank=True)
    reception_address = models.CharField(_("reception address"), max_length=255, blank=True)
    reception_hours = models.CharField(_("reception hours"), max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("unit profile")
        permissions = [
            ("log_visit", _("Can record citizens' visits")),
            ("manage_sessions", _("Can schedule and record leaders' reception sessions")),
            ("manage_reception_staff", _("Can manage reception staff, rooms and rules")),
        ]

    def __str__(self) -> str:
        return self.head_title or "profile"


class Matter(models.Model):
    """A matter citizens come about, possibly many times and in crowds; a potential hot spot."""

    title = models.CharField(_("matter"), max_length=500)
    field_code = models.CharField(_("field"), max_length=40, blank=True)
    is_hot_spot = models.BooleanField(_("hot spot"), default=False)
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices, blank=True)
    hot_spot_note = models.TextField(_("hot spot note"), blank=True)
    has_crowd = models.BooleanField(_("crowd delegations"), default=False)
    visit_count = models.PositiveIntegerField(_("visits"), default=0)
    first_visit_on = models.DateField(_("first visit"), null=True, blank=True)
    last_visit_on = models.DateField(_("last visit"), null=True, blank=True)
    closed = models.BooleanField(_("resolved"), default=False)

    class Meta:
        verbose_name = _("matter")
        verbose_name_plural = _("matters")
        ordering = ["-last_visit_on", "-id"]

    def __str__(self) -> str:
        return self.title


class ReceptionSession(models.Model):
    """A leader's periodic, ad-hoc or online reception session, from schedule to results notice."""

    kind = models.CharField(_("kind"), max_length=10, choices=SessionKind.choices)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255)
    presiding = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("presiding leader"), on_delete=models.PROTECT, related_name="+"
    )
    # A deputy standing in for the head: recorded, announced, never counted as the head's session.
    is_substitution = models.BooleanField(_("deputy stands in for the head"), default=False)
    substitution_reason = models.CharField(_("why the head cannot preside"), max_length=500, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    is_public = models.BooleanField(_("shown on the public schedule"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED)
    postponement_reason = models.CharField(_("reason for postponement"), max_length=500, blank=True)
    attendees = models.TextField(_("attending"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    notice_number = models.CharField(_("results notice no."), max_length=50, blank=True)
    notice_date = models.DateField(_("results notice date"), null=True, blank=True)
    notice_docx = models.FileField(upload_to="reception/notices/", blank=True)
    notice_pdf = models.FileField(upload_to="reception/notices/", blank=True)
    # Reception staff who took part (duty days for the allowance, NĐ 154 Art. 38); ``attendees``
    # names everyone else (other agencies' leaders, note-taker, police).
    officers: models.ManyToManyField[ReceptionOfficer, Any] = models.ManyToManyField(
        "ReceptionOfficer", verbose_name=_("reception officers attending"), blank=True, related_name="sessions"
    )
    # A postponed session and the session that replaces it on its new date (Reception Law Art. 24(4)).
    rescheduled_to = models.OneToOneField(
        "self",
        verbose_name=_("moved to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rescheduled_from",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reception session")
        verbose_name_plural = _("reception sessions")
        ordering = ["-date", "-start_time"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class Visit(models.Model):
    """One entry of the reception log (sổ tiếp công dân; Form 03/TCD's columns)."""

    number = models.CharField(_("no."), max_length=20, editable=False)
    visited_at = models.DateTimeField(_("date and time"))
    kind = models.CharField(_("reception"), max_length=10, choices=VisitKind.choices, default=VisitKind.REGULAR)
    session = models.ForeignKey(
        ReceptionSession,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
    )
    place = models.CharField(_("place"), max_length=255)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("received by"), on_delete=models.PROTECT, related_name="+"
    )
    citizens = models.ManyToManyField(
        "petitions.Citizen", through="VisitCitizen", related_name="visits", verbose_name=_("citizens")
    )
    headcount = models.PositiveIntegerField(_("number of people"), default=1)
    is_crowd = models.BooleanField(_("crowd delegation"), default=False)
    petition_type = models.CharField(_("type"), max_length=20)
    field_code = models.CharField(_("field"), max_length=40)
    content = models.TextField(_("content"))
    previously_resolved_by = models.CharField(_("already resolved by"), max_length=255, blank=True)
    documents_received = models.TextField(_("documents handed in"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=VisitOutcome.choices)
    refusal_reason = models.CharField(_("refusal reason"), max_length=20, choices=RefusalReason.choices, blank=True)
    referred_to = models.CharField(_("guided or forwarded to"), max_length=255, blank=True)
    petition = models.OneToOneField(
        "petitions.Petition",
        verbose_name=_("petition"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visit",
    )
    matter = models.ForeignKey(Matter, verbose_name=_("matter"), on_delete=models.PROTECT, related_name="visits")
    is_repeat = models.BooleanField(_("repeat visit"), default=False)
    notice_due_date = models.DateField(_("outcome notice due"), null=True, blank=True)
    notice_rule_basis = models.CharField(_("notice rule"), max_length=255, blank=True)
    # A refusal on a "persistent" ground: the head issues the written refusal notice (01/TCD) by this date.
    refusal_notice_due_date = models.DateField(_("refusal notice due"), null=True, blank=True)
    refusal_notice_rule_basis = models.CharField(_("refusal notice rule"), max_length=255, blank=True)
    notified_on = models.DateField(_("outcome notified on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_at", "-id"]
        indexes = [models.Index(fields=["visited_at"])]

    def __str__(self) -> str:
        return f"{self.number} {self.visited_at:%d/%m/%Y}"


class VisitCitizen(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE)
    citizen = models.ForeignKey("petitions.Citizen", on_delete=models.PROTECT)
    is_representative = models.BooleanField(_("representative"), default=False)

    class Meta:
        unique_together = [("visit", "citizen")]

    def __str__(self) -> str:
        return f"{self.visit_id}:{self.citizen_id}"


class Instruction(models.Model):
    """A leader's instruction in a results notice: a follow-up task tracked until it is done."""

    session = models.ForeignKey(ReceptionSession, on_delete=models.CASCADE, related_name="instructions")
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.SET_NULL, related_name="instructions")
    text = models.TextField(_("instruction"))
    assignee_body = models.CharField(_("responsible body"), max_length=255)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_date = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)

    class Meta:
        verbose_name = _("instruction")
        verbose_name_plural = _("instructions")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Dialogue(models.Model):
    """A dialogue (đối thoại) with the parties of a case."""

    petition = models.ForeignKey("petitions.Petition", on_delete=models.PROTECT, related_name="dialogues")
    scheduled_at = models.DateTimeField(_("scheduled for"))
    place = models.CharField(_("place"), max_length=255)
    invited_on = models.DateField(_("invitations sent on"))
    participants = models.TextField(_("participants"))
    minutes = models.TextField(_("minutes"), blank=True)
    outcome = models.TextField(pgettext_lazy("dialogue", "outcome"), blank=True)
    held = models.BooleanField(_("held"), default=False)

    class Meta:
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")
        ordering = ["-scheduled_at"]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.scheduled_at:%d/%m/%Y}"


class ReceptionOfficer(models.Model):
    """A member of the unit's reception staff (mission.md point 6: 100% trained)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    employment = models.CharField(_("employment"), max_length=10, choices=Employment.choices)
    appointed_on = models.DateField(_("appointed on"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("reception officer")
        verbose_name_plural = _("reception officers")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name


class Training(models.Model):
    officer = models.ForeignKey(ReceptionOfficer, on_delete=models.CASCADE, related_name="trainings")
    course = models.CharField(_("course"), max_length=255)
    completed_on = models.DateField(_("completed on"))
    certificate = models.CharField(_("certificate no."), max_length=100, blank=True)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-completed_on"]

    def __str__(self) -> str:
        return self.course


class ReceptionRoom(models.Model):
    """A reception room and its equipment (mission.md point 7)."""

    name = models.CharField(_("name"), max_length=150)
    address = models.CharField(_("address"), max_length=255)
    capacity = models.PositiveIntegerField(_("seats"), default=0)
    equipment = models.TextField(_("equipment"), blank=True)
    accessible = models.BooleanField(_("step-free access"), default=False)
    online_ready = models.BooleanField(_("equipped for online reception"), default=False)

    class Meta:
        verbose_name = _("reception room")
        verbose_name_plural = _("reception rooms")

    def __str__(self) -> str:
        return self.name
