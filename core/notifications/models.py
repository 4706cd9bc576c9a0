from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Notification(models.Model):
    """A message to one staff member of the unit, delivered in the background (in-app and e-mail)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    # The schema of the worker that delivered it: evidence, kept per row, that background work ran
    # in the unit that queued it.
    delivered_in_schema = models.CharField(max_length=63, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class ContactSource(models.TextChoices):
    ONLINE = "online", _("Given by the citizen online")
    STAFF = "staff", _("Recorded by staff")


class CitizenContact(models.Model):
    """How the citizen who sent a petition agreed to be told of its progress (e-mail, phone).

    Stored only if the citizen consented to be contacted, and only encrypted with the unit's key
    (``core.petitions.sealing``): a denouncer's contact is part of the identity the law keeps
    secret (Denunciations Law Art. 47), and treating every contact alike leaves no path on which a
    sealed one could be written in clear. ``has_email``/``has_phone`` say which channels exist
    without opening the envelope.
    """

    petition = models.OneToOneField(
        "petitions.Petition", on_delete=models.CASCADE, related_name="citizen_contact", verbose_name=_("petition")
    )
    ciphertext = models.BinaryField(editable=False)
    key_version = models.PositiveSmallIntegerField(default=1, editable=False)
    has_email = models.BooleanField(_("has an e-mail address"), default=False)
    has_phone = models.BooleanField(_("has a phone number"), default=False)
    consent_at = models.DateTimeField(_("consent to be contacted given at"))
    source = models.CharField(_("source"), max_length=10, choices=ContactSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("citizen's contact")
        verbose_name_plural = _("citizens' contacts")

    def __str__(self) -> str:
        return f"contact of petition {self.petition_id}"


class MessageChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    ZALO = "zalo", _("Zalo")


class MessageState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    NOT_SENT = "not_sent", _("Not sent (log only)")
    CANCELLED = "cancelled", _("Cancelled (consent withdrawn)")


class CitizenMessage(models.Model):
    """The unit's outbox of messages to citizens: one row per step and channel, written in the
    step's transaction and delivered by the worker (``core.notifications.delivery``).

    The row, not the broker message, is the source of truth: the sweep re-queues what is still
    pending. The recipient is stored encrypted with the unit's key, never in clear; the text holds
    no personal data and never a denunciation's content (it is rendered from the registry number,
    the status and the unit's name only).
    """

    petition = models.ForeignKey(
        "petitions.Petition", on_delete=models.CASCADE, related_name="citizen_messages", verbose_name=_("petition")
    )
    event = models.ForeignKey(
        "petitions.PetitionEvent", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    event_kind = models.CharField(_("step"), max_length=60)
    template = models.CharField(pgettext_lazy("citizen message", "message"), max_length=60)
    template_version = models.PositiveSmallIntegerField(default=1)
    channel = models.CharField(
        pgettext_lazy("citizen message", "channel"), max_length=10, choices=MessageChannel.choices
    )
    recipient = models.BinaryField(editable=False)
    key_version = models.PositiveSmallIntegerField(default=1, editable=False)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("text"))
    # What the text was made from (registry number, status, unit, dates, link; nothing personal), for
    # providers that send their own pre-approved templates (Zalo ZNS, SMS brandname templates).
    params = models.JSONField(default=dict, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=MessageState.choices, default=MessageState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    provider = models.CharField(_("provider"), max_length=255, blank=True)
    provider_reference = models.CharField(_("provider's reference"), max_length=255, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The schema of the worker that handled it: evidence that the task ran in the unit that queued it.
    handled_in_schema = models.CharField(max_length=63, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("message to a citizen")
        verbose_name_plural = _("messages to citizens")
        ordering = ["-created_at", "-id"]
        permissions = [("manage_citizen_messages", _("Can see failed messages to citizens and send them again"))]
        indexes = [models.Index(fields=["state", "created_at"], name="citizenmsg_state_created")]
        constraints = [
            # One message per step and channel: an event delivered twice to the receiver queues nothing twice.
            models.UniqueConstraint(fields=["event", "channel"], name="citizenmsg_one_per_event_channel"),
        ]

    def __str__(self) -> str:
        return f"{self.template} ({self.channel}) for petition {self.petition_id}"
