"""A unit's petitions (đơn): who sent them, what they say, where they are and what is due when."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Lower, Replace
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import (
    CLOSED_STATUSES,
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
)
from .identity_documents import IdKind


class Unaccent(models.Func):
    """``public.f_unaccent``: an IMMUTABLE wrapper of unaccent (created by the caseindex
    migrations), so accent-insensitive expressions can be indexed."""

    function = "public.f_unaccent"
    output_field = models.TextField()


def search_key(expression) -> Unaccent:
    return Unaccent(Lower(expression))


def search_joined(expression) -> Replace:
    """``expression`` without its spaces: "nguyen van a" is "nguyenvana". A trigram index of the
    joined ``search_text`` (``petition_search_joined_trgm``) holds the trigrams that span two words
    ("nva", "ana"), which tell names made of common syllables apart: the words' own trigrams
    ("ngu", "van") are in most petitions. Removing the spaces keeps every match: if a text contains
    the needle, the joined text contains the joined needle (``selectors.petition_search``)."""
    return Replace(expression, models.Value(" "), models.Value(""), output_field=models.TextField())


class SearchText(models.Func):
    """``f_unaccent(lower(subject || ' ' || summary || ' ' || senders_text))``: built from
    immutable parts (``||``, not CONCAT) so PostgreSQL can store and index it."""

    template = "public.f_unaccent(lower(%(expressions)s))"
    arg_joiner = " || ' ' || "
    output_field = models.TextField()


class Citizen(models.Model):
    """A person who complains, recommends or gives feedback. Denouncers are never stored here:
    their identity is sealed (``SealedIdentity``)."""

    full_name = models.CharField(_("full name"), max_length=150)
    id_kind = models.CharField(_("identity document"), max_length=10, choices=IdKind.choices, default=IdKind.CCCD)
    id_number = models.CharField(_("document number"), max_length=20, blank=True)
    address_unit_code = models.CharField(_("administrative unit"), max_length=10, blank=True)
    address_street = models.CharField(_("street address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")
        indexes = [
            GinIndex(OpClass(search_key("full_name"), name="gin_trgm_ops"), name="citizen_name_trgm"),
            models.Index(fields=["id_number"]),
        ]

    def __str__(self) -> str:
        return self.full_name


class Petition(models.Model):
    """A written submission, from registration to the end of its resolution."""

    case_id = models.UUIDField(_("case id"), default=uuid.uuid4, unique=True, editable=False)
    receipt_code = models.CharField(_("receipt code"), max_length=20, unique=True, editable=False)
    registry_number = models.CharField(_("registry number"), max_length=20, editable=False)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    received_date = models.DateField(_("received on"))
    forwarded_by = models.CharField(_("forwarded by"), max_length=255, blank=True)
    forwarding_reference = models.CharField(_("forwarding letter no."), max_length=100, blank=True)
    signer_kind = models.CharField(_("signed by"), max_length=10, choices=SignerKind.choices)
    signer_count = models.PositiveIntegerField(_("number of signers"), default=1)
    petition_type = models.CharField(_("type"), max_length=20, choices=PetitionType.choices)
    field_code = models.CharField(_("field"), max_length=40)
    subject = models.CharField(_("subject (decision, act or person concerned)"), max_length=500)
    summary = models.TextField(_("summary"))
    has_concrete_evidence = models.BooleanField(_("carries concrete, verifiable evidence"), default=False)
    # Which time limits apply: set at registration, because the acceptance clock starts there.
    complaint_kind = models.CharField(
        _("complaint about"), max_length=20, choices=ComplaintKind.choices, default=ComplaintKind.ADMINISTRATIVE
    )
    escalation = models.CharField(
        _("denunciation to the superior"), max_length=20, choices=Escalation.choices, blank=True
    )
    # Senders' names for search, written once at registration; empty when the sender is sealed.
    senders_text = models.TextField(blank=True, default="", editable=False)
    search_text = models.GeneratedField(
        expression=SearchText("subject", "summary", "senders_text"), output_field=models.TextField(), db_persist=True
    )
    citizens = models.ManyToManyField(Citizen, through="Signer", related_name="petitions", verbose_name=_("senders"))
    is_confidential = models.BooleanField(_("sender's identity sealed"), default=False, editable=False)

    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.REGISTERED)
    # Classification (TT 05/2021 Art. 6)
    is_processable = models.BooleanField(_("processable"), null=True, blank=True)
    not_processable_reason = models.CharField(
        _("reason not processable"), max_length=20, choices=NotProcessableReason.choices, blank=True
    )
    within_jurisdiction = models.BooleanField(_("within our jurisdiction"), null=True, blank=True)
    # The matter (vụ việc) behind the letter, for 02/XLD's case counts: a later letter on a matter already
    # in the book points at that matter's first petition; the first one points nowhere.
    same_matter_as = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("same matter as")
    )
    prior_resolution = models.CharField(
        _("resolved before"), max_length=10, choices=PriorResolution.choices, default=PriorResolution.NONE
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    competent_body = models.CharField(_("competent body"), max_length=255, blank=True)
    # Resolution
    complaint_level = models.PositiveSmallIntegerField(_("complaint level"), null=True, blank=True)
    complexity = models.CharField(_("complexity"), max_length=20, choices=Complexity.choices, default="normal")
    is_remote_area = models.BooleanField(_("remote-area time limits"), default=False)
    remote_area_basis = models.CharField(_("basis for remote-area limits"), max_length=500, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided or concluded on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(_("extensions"), default=0)
    suspended_from_status = models.CharField(max_length=30, blank=True, editable=False)
    decision_summary = models.TextField(_("decision or conclusion"), blank=True)
    # No index of its own: ``petition_due_order`` holds every petition that has one, in the list's
    # order with the columns the lists filter on; a plain index of the date led the planner into
    # bitmap ANDs of correlated filters ("accepted" and "overdue") that read 1,300 rows for a page.
    next_due_date = models.DateField(_("next due date"), null=True, blank=True)

    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-received_date", "-id"]
        permissions = [
            ("register_petition", _("Can register petitions")),
            ("process_petition", _("Can classify and process petitions")),
            ("decide_petition", _("Can accept, decide and conclude petitions")),
            ("read_sealed_identity", _("Can read a denouncer's sealed identity")),
        ]
        indexes = [
            models.Index(fields=["status", "received_date"]),
            models.Index(fields=["petition_type", "received_date"]),
            models.Index(fields=["-received_date", "-id"], name="petition_list_order"),
            # The overdue and due-soon lists (a tenth of the petitions have a next due date): their
            # page walks this in the list's order, their capped count reads it alone (index-only).
            models.Index(
                fields=["-received_date", "-id"],
                include=["next_due_date", "status", "petition_type", "field_code", "channel"],
                condition=models.Q(next_due_date__isnull=False),
                name="petition_due_order",
            ),
            # The same petitions by status and type: an overdue list filtered on a status (most of
            # them) reads only its matches, where ``petition_due_order`` is walked whole (9,677
            # entries, 1–2 ms, in a unit of 100,000) to prove a list empty or count it.
            models.Index(
                fields=["status", "petition_type", "-received_date", "-id"],
                include=["next_due_date", "field_code", "channel"],
                condition=models.Q(next_due_date__isnull=False),
                name="petition_due_by_status",
            ),
            # The search finds "12/2026" by its registry number too (``selectors.petition_search``).
            models.Index(fields=["registry_number"], name="petition_registry_number"),
            GinIndex(OpClass("search_text", name="gin_trgm_ops"), name="petition_search_trgm"),
            GinIndex(OpClass(search_joined("search_text"), name="gin_trgm_ops"), name="petition_search_joined_trgm"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(signer_count__gte=0), name="petition_signer_count"),
        ]

    def __str__(self) -> str:
        return f"{self.registry_number} {self.get_petition_type_display()}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


class Signer(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE)
    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT)
    is_representative = models.BooleanField(_("representative"), default=False)

    class Meta:
        unique_together = [("petition", "citizen")]

    def __str__(self) -> str:
        return f"{self.petition_id}:{self.citizen_id}"


class RegistryCounter(models.Model):
    """The unit's registry book: one running number per year."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class SealedIdentity(models.Model):
    """A denouncer's identity, encrypted with the unit's key, apart from the case (Denunciations
    Law Arts. 47, 56; QĐ 774/QĐ-TTg). Readable only with ``read_sealed_identity``, each read audited."""

    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, related_name="sealed_identity")
    ciphertext = models.BinaryField()
    key_version = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sealed identity")
        verbose_name_plural = _("sealed identities")

    def __str__(self) -> str:
        return f"sealed:{self.petition_id}"


class SealedIdentityAccess(models.Model):
    """Who read a sealed identity, when and why."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="sealed_reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sealed identity access")
        verbose_name_plural = _("sealed identity accesses")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.petition_id} at {self.at:%Y-%m-%d %H:%M}"


class PetitionEvent(models.Model):
    """The timeline and audit trail: every registration, classification and transition."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=40)
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    event_date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.kind}"


class Deadline(models.Model):
    """One legal clock of a petition, stored with everything needed to explain and recompute it."""

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("deadline", "Running")
        MET = "met", pgettext_lazy("deadline", "Met")
        CANCELLED = "cancelled", _("No longer applies")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="deadlines")
    code = models.CharField(_("rule"), max_length=60)
    variant = models.CharField(_("variant"), max_length=30, blank=True)
    rule_id = models.PositiveIntegerField(_("rule version"))
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    description = models.CharField(_("description"), max_length=255)
    unit = models.CharField(_("unit"), max_length=2)
    length = models.PositiveIntegerField(_("length"))
    start_event = models.CharField(_("counted from"), max_length=60)
    start_date = models.DateField(_("start date"))
    pauses = models.JSONField(_("pauses"), default=list, blank=True)
    extensions = models.PositiveSmallIntegerField(_("extensions"), default=0)
    # The days each extension decision granted, in order (Denunciations Law Art. 30: up to 30).
    extension_days = models.JSONField(_("days granted by each extension"), default=list, blank=True)
    # The date that chose the rule version (the triggering event's), kept so recomputation after a
    # calendar change uses the same version.
    rule_date = models.DateField(_("rule version date"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    is_operative = models.BooleanField(default=True)
    is_statutory = models.BooleanField(default=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["state", "due_date"])]

    def __str__(self) -> str:
        return f"{self.code} {self.due_date}"


class Attachment(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="petitions/attachments/")
    name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class ResolutionResult(models.Model):
    """What a case's decision or conclusion found and ordered, as the reports count it (03/GQKN, 04/GQTC,
    05/KQTH; domain.md §4.7 checked notes, §9). Recorded by the resolution steps (``services.results``);
    money in đồng, land in square metres (m²), persons and organisations as counts. Nothing here names
    anyone, so the same figures go to the public case index with the step."""

    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, related_name="result")
    verdict = models.CharField(_("result"), max_length=20, choices=ResultVerdict.choices, blank=True)
    after_explanation = models.BooleanField(_("withdrawn after explanation and persuasion"), default=False)
    state_money = models.PositiveBigIntegerField(_("money to recover for the State (đồng)"), default=0)
    state_land = models.PositiveBigIntegerField(_("land to recover for the State (m²)"), default=0)
    org_money = models.PositiveBigIntegerField(_("money to return to organisations (đồng)"), default=0)
    org_land = models.PositiveBigIntegerField(_("land to return to organisations (m²)"), default=0)
    person_money = models.PositiveBigIntegerField(_("money to return to persons (đồng)"), default=0)
    person_land = models.PositiveBigIntegerField(_("land to return to persons (m²)"), default=0)
    orgs_restored = models.PositiveIntegerField(_("organisations whose rights were restored"), default=0)
    persons_restored = models.PositiveIntegerField(_("persons whose rights were restored"), default=0)
    discipline_persons = models.PositiveIntegerField(_("persons recommended for discipline"), default=0)
    discipline_officials = models.PositiveIntegerField(_("of whom officials"), default=0)
    referred_to_investigation = models.BooleanField(_("referred to the investigating body"), default=False)
    investigation_persons = models.PositiveIntegerField(_("persons referred to the investigating body"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("resolution result")
        verbose_name_plural = _("resolution results")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(discipline_officials__lte=models.F("discipline_persons")),
                name="result_officials_among_persons",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}: {self.verdict or '-'}"
