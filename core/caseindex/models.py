"""The platform-wide, PII-free index of every petition (public schema).

One row per petition, written in the same transaction as the unit's own write (all schemas share
one database), so it is never out of step. It is the deliberate channel through which the
provincial inspectorate aggregates and cases are tracked across units; it holds no name, no
identity number, no address and no free text (the unit's registry number is a running count).
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseIndexEntry(models.Model):
    """A petition as seen from outside its unit: codes, dates and status only."""

    case_id = models.UUIDField(_("case id"), primary_key=True, default=uuid.uuid4, editable=False)
    unit_code = models.CharField(_("unit"), max_length=32, db_index=True)
    province_code = models.CharField(_("province code"), max_length=2, db_index=True)
    # The unit's own book number (00012/2026): how its staff and an inspector speak of the case. A
    # count of the unit's petitions in a year, it says nothing about who wrote.
    registry_number = models.CharField(_("registry number"), max_length=20, blank=True)
    petition_type = models.CharField(_("type"), max_length=20)
    field_code = models.CharField(_("field"), max_length=40, blank=True)
    channel = models.CharField(_("channel"), max_length=20)
    status = models.CharField(_("status"), max_length=30)
    outcome = models.CharField(_("outcome"), max_length=30, blank=True)
    received_date = models.DateField(_("received"))
    accepted_date = models.DateField(_("accepted"), null=True, blank=True)
    decided_date = models.DateField(_("decided or concluded"), null=True, blank=True)
    # The resolution clock's due date when the case was decided, to count on-time resolutions.
    resolution_due_date = models.DateField(_("resolution due date"), null=True, blank=True)
    next_due_date = models.DateField(_("next due date"), null=True, blank=True)
    is_overdue = models.BooleanField(_("overdue"), default=False)
    closed_date = models.DateField(_("closed"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("case index entry")
        verbose_name_plural = _("case index entries")
        indexes = [
            models.Index(fields=["province_code", "received_date"]),
            models.Index(fields=["unit_code", "status"]),
            models.Index(fields=["is_overdue", "next_due_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.unit_code} {self.case_id}"


class CaseEvent(models.Model):
    """One dated step of a petition, PII-free, written with the step itself.

    Periodic reports are computed from these facts for any period, so a report can be recomputed
    (and a frozen one checked) later; nothing here names a person.
    """

    case_id = models.UUIDField(_("case id"), db_index=True)
    unit_code = models.CharField(_("unit"), max_length=32)
    province_code = models.CharField(_("province code"), max_length=2)
    petition_type = models.CharField(_("type"), max_length=20)
    field_code = models.CharField(_("field"), max_length=40, blank=True)
    channel = models.CharField(_("channel"), max_length=20)
    kind = models.CharField(_("event"), max_length=40)
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, blank=True)
    event_date = models.DateField(_("date"))
    # Where the petition stood after this step, for counts by outcome and level.
    outcome = models.CharField(max_length=30, blank=True)
    complaint_level = models.PositiveSmallIntegerField(null=True, blank=True)
    on_time = models.BooleanField(null=True, blank=True)
    # The classification as it stood after this step (TT 05/2021 Art. 6), for 02/XLD.
    is_processable = models.BooleanField(null=True, blank=True)
    within_jurisdiction = models.BooleanField(null=True, blank=True)
    # The matter (vụ việc) behind the petition and whether it had been resolved before, for 02/XLD.
    matter_id = models.UUIDField(null=True, blank=True)
    prior_resolution = models.CharField(max_length=10, blank=True)
    # The case's results after a step that records them (``facts.ResultFacts``: a verdict code,
    # amounts and counts), for 03/GQKN, 04/GQTC and 05/KQTH.
    results = models.JSONField(null=True, blank=True)
    source_event_id = models.BigIntegerField(_("event id in the unit"))

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        constraints = [
            models.UniqueConstraint(fields=["unit_code", "source_event_id"], name="caseevent_unique_source"),
        ]
        indexes = [
            models.Index(fields=["province_code", "event_date"]),
            models.Index(fields=["unit_code", "event_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.unit_code} {self.kind} {self.event_date}"


class ReceptionFact(models.Model):
    """A visit or a leaders' session of a unit, PII-free (public schema), for 01/TCD and the
    inspectorate's dashboard: counts, kinds and who presided — never who came."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        SESSION = "session", _("Session")

    unit_code = models.CharField(_("unit"), max_length=32)
    province_code = models.CharField(_("province code"), max_length=2, db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    source_id = models.BigIntegerField()
    date = models.DateField(_("date"))
    visit_kind = models.CharField(max_length=10, blank=True)
    headcount = models.PositiveIntegerField(default=0)
    is_crowd = models.BooleanField(default=False)
    is_repeat = models.BooleanField(default=False)
    petition_type = models.CharField(max_length=20, blank=True)
    field_code = models.CharField(max_length=40, blank=True)
    session_kind = models.CharField(max_length=10, blank=True)
    session_status = models.CharField(max_length=10, blank=True)
    head_in_person = models.BooleanField(default=False)
    is_substitution = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("reception fact")
        verbose_name_plural = _("reception facts")
        constraints = [
            models.UniqueConstraint(fields=["unit_code", "kind", "source_id"], name="receptionfact_unique_source")
        ]
        indexes = [models.Index(fields=["province_code", "date"]), models.Index(fields=["unit_code", "date"])]

    def __str__(self) -> str:
        return f"{self.unit_code} {self.kind} {self.date}"


class UnitReceptionStat(models.Model):
    """A unit's reception staff and hot spots, as counts (public schema)."""

    unit_code = models.CharField(_("unit"), max_length=32, primary_key=True)
    province_code = models.CharField(_("province code"), max_length=2, db_index=True)
    officers_active = models.PositiveIntegerField(default=0)
    officers_trained = models.PositiveIntegerField(default=0)
    hot_spots_open = models.PositiveIntegerField(default=0)
    matters_repeated = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("unit reception statistics")
        verbose_name_plural = _("unit reception statistics")

    def __str__(self) -> str:
        return self.unit_code


class CitizenKey(models.Model):
    """A sender of an indexed petition, as the public schema may know them: HMAC-SHA256 of their
    identity document under the platform's secret of ``key_version`` (``citizen_keys.py``), never the
    number nor the name. Sealed senders (denunciations, letters of mixed contents) have no row."""

    case = models.ForeignKey(CaseIndexEntry, on_delete=models.CASCADE, related_name="citizen_keys")
    key_version = models.PositiveSmallIntegerField(_("key version"))
    digest = models.CharField(_("keyed digest"), max_length=64)

    class Meta:
        verbose_name = _("citizen key")
        verbose_name_plural = _("citizen keys")
        constraints = [
            models.UniqueConstraint(fields=["case", "key_version", "digest"], name="citizenkey_unique"),
        ]
        # Lookups go by digest (a person's few cases), then join the case's row by its key.
        indexes = [models.Index(fields=["digest"], name="citizenkey_digest")]

    def __str__(self) -> str:
        return f"{self.case_id} v{self.key_version}"


class RepeatMatch(models.Model):
    """A petition registered while the same citizen's matter of the same field was pending, or
    recently closed, at another unit of the province: found once, at registration, and shown to both
    units as unit, date and state only (``selectors.repeat_flags``)."""

    case = models.ForeignKey(CaseIndexEntry, on_delete=models.CASCADE, related_name="repeats_found")
    earlier = models.ForeignKey(CaseIndexEntry, on_delete=models.CASCADE, related_name="repeats_later")
    province_code = models.CharField(_("province code"), max_length=2)
    unit_code = models.CharField(_("unit"), max_length=32)
    earlier_unit_code = models.CharField(_("earlier unit"), max_length=32)
    detected_on = models.DateField(_("detected on"))
    # A matter still pending at a commune-level unit brought to a province-level one
    # (``services.repeats.skipped_level``).
    skipped_level = models.BooleanField(_("skipped a level"), default=False)

    class Meta:
        verbose_name = _("repeat across units")
        verbose_name_plural = _("repeats across units")
        constraints = [models.UniqueConstraint(fields=["case", "earlier"], name="repeatmatch_unique")]
        indexes = [models.Index(fields=["province_code"], name="repeatmatch_province")]

    def __str__(self) -> str:
        return f"{self.unit_code} ~ {self.earlier_unit_code} {self.detected_on}"


#: The columns of a ``CaseMonthCount`` cell, in the order of its unique key: leads with what the
#: dashboard filters on (province, the measure or a prefix of it, a range of months), so its reads
#: are range scans of this one index; the upkeep's ON CONFLICT target too.
CASE_MONTH_CELL = ("province_code", "measure", "month", "dimension", "value", "unit_code")


class CaseCountCut(models.Model):
    """Where the counters' months begin: from ``effective_from`` on, a counter month runs from the
    cut-off day of one month to the day before that of the next (public schema).

    A copy of the report period rules' cut-off days (``core.reports.ReportPeriodRule``), so that
    every report period is a run of whole counter months and the dashboard reads no raw rows for
    it. A copy, not the rules themselves: the triggers count by these cuts and the dashboard splits
    a period by them, so both always agree, even while a corrected rule waits for its recount; the
    rebuild (``services.rollups.rollups_rebuild``) refreshes them from the rules in the
    transaction that recounts the counters. Before the first cut, counter months are calendar
    months.
    """

    effective_from = models.DateField(_("effective from"), unique=True)
    cutoff_day = models.PositiveSmallIntegerField(_("cut-off day of the month"))

    class Meta:
        verbose_name = _("counter month cut")
        verbose_name_plural = _("counter month cuts")
        ordering = ["effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cutoff_day__gte=1, cutoff_day__lte=28), name="casecountcut_cutoff_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.effective_from:%d/%m/%Y}: {self.cutoff_day}"


class CaseMonthCount(models.Model):
    """How many of a unit's cases or steps fell in a counter month, one breakdown at a time (public
    schema).

    One row per cell: unit × counter month (its first day: the cut-off day of ``CaseCountCut``) ×
    measure × dimension × value. The measure is
    ``received`` for cases (by the month they were received, as they stand now: by
    ``petition_type``, ``field_code``, ``channel`` and ``status``), a step's kind (by ``on_time``:
    ``y``/``n``, or empty where no clock ran), or ``outcome.*`` for the outcome steps, which are
    counted together instead (by type, field, channel and ``outcome``); ``core.caseindex.counters``
    says which. Each dimension has its
    own rows rather than one row per full combination, so a month holds a few rows per value
    present; a measure's total is the sum over any one of its dimensions.

    Kept by row triggers on the index and its events (migration 0011), in the statement that writes
    the index row or the event, with ``INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n`` so
    that concurrent writers add up; ``manage.py caseindex_rollups_rebuild`` recounts them from the
    index. Report periods run from a cut-off day to the day before it (``core.reports.periods``),
    as the counter months do, so the dashboard reads a report period from here alone (but for the
    days before a change of cut-off day, in a period that spans one), and the partial months of any
    other period from the index's raw rows. Counts only: no case id.
    """

    province_code = models.CharField(_("province code"), max_length=2)
    unit_code = models.CharField(_("unit"), max_length=32)
    month = models.DateField(_("month"))
    measure = models.CharField(max_length=40)
    dimension = models.CharField(max_length=20)
    value = models.CharField(max_length=40)
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("case count per month")
        verbose_name_plural = _("case counts per month")
        # One index only, and room on each page (fillfactor 70, set by the migration): a count's
        # +1 then rewrites its row in place (a HOT update), touching no index.
        constraints = [models.UniqueConstraint(fields=list(CASE_MONTH_CELL), name="casemonthcount_cell")]

    def __str__(self) -> str:
        return f"{self.unit_code} {self.month:%m/%Y} {self.measure} {self.dimension}={self.value}: {self.n}"
