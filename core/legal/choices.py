"""Choices shared by the models and the pure engine (no ORM here, so the engine can import them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    """How a calendar row departs from the Monday–Friday week of state agencies."""

    HOLIDAY = "holiday", _("Public holiday")
    DAY_OFF = "day_off", _("Extra day off")
    WORKING_DAY = "working_day", _("Working day")


class DaySource(models.TextChoices):
    HOLIDAYS = "holidays", _("Seeded from the holidays package")
    ADMIN = "admin", _("Added by a platform administrator")


class DayUnit(models.TextChoices):
    """The two ways Vietnamese law counts days (domain.md §7)."""

    CALENDAR_DAYS = "CD", _("calendar days")
    WORKING_DAYS = "WD", _("working days")


class Direction(models.TextChoices):
    """Most clocks run forward from an event; a few require an act at least N days *before* one."""

    AFTER = "after", _("after the event")
    BEFORE = "before", _("before the event")


class Confidence(models.TextChoices):
    """The confidence tags of domain.md: how well the rule's source has been checked."""

    VERIFIED = "V", _("Checked against statutory text")
    SECONDARY = "S", _("Secondary source")
    REPOSITORY = "R", _("Decree text from a third-party copy, to verify")
    UNVERIFIED = "U", _("Unverified")
    PEER = "P", _("Seen in a peer system")
