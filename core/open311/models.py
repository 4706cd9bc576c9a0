"""A unit's Open311 clients (the applications allowed to post service requests) and the requests
they posted, each of which became a petition of the unit (channel "online")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Open311Client(models.Model):
    """An application that posts service requests to this unit, with its API key.

    Only the key's SHA-256 is stored (as for personal API keys, ``core.accounts.tokens``), with its
    first 8 characters to find and name it. ``collects_consent``: the unit admin records that the
    application asks citizens whether they agree to be contacted; without it, a contact sent with a
    request is not kept (GeoReport v2 has no consent field).
    """

    name = models.CharField(_("name"), max_length=150)
    prefix = models.CharField(max_length=8, db_index=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    collects_consent = models.BooleanField(_("asks citizens' consent to be contacted"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class Open311Request(models.Model):
    """A service request posted through Open311 and the petition it became.

    ``service_request_id`` is the petition's registry number with "-" for "/" (``00012-2026``),
    never its receipt code: the GeoReport listing is public, and the receipt code is the citizen's
    key to the status lookup. The location is kept as posted, for the posting client only; the
    device and account ids of GeoReport are not stored (nothing here needs them).
    """

    service_request_id = models.CharField(max_length=30, unique=True, editable=False)
    petition = models.OneToOneField(
        "petitions.Petition", on_delete=models.PROTECT, related_name="open311_request", verbose_name=_("petition")
    )
    client = models.ForeignKey(
        Open311Client, on_delete=models.PROTECT, related_name="requests", verbose_name=_("Open311 client")
    )
    service_code = models.CharField(_("service code"), max_length=40)
    service_name = models.CharField(_("service"), max_length=200)
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    long = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    address_string = models.CharField(_("address"), max_length=500, blank=True)
    address_id = models.CharField(max_length=100, blank=True)
    media_url = models.URLField(_("media link"), max_length=2000, blank=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Open311 request")
        verbose_name_plural = _("Open311 requests")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return self.service_request_id
