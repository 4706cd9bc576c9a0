"""Reads of a unit's petitions. Nothing here returns a sealed identity."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import BooleanField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex
from django.utils.translation import gettext as _

from core.common.dates import today as local_today
from core.common.text import nfc

from .choices import CLOSED_STATUSES, Channel, Outcome, PetitionType, SignerKind, Status
from .models import Deadline, Petition, SealedIdentityAccess, Signer, search_joined, search_key

DUE_SOON_DAYS = 3
#: Lists count their matches exactly up to this many and say "more than 1,000" beyond: counting
#: every match of a broad filter or search in a unit of 100,000 petitions costs more than the page.
COUNT_CAP = 1_000


#: "12/2026" or "00012/2026": a registry number, looked up as such (``registry_number_next``'s form).
REGISTRY_NUMBER = re.compile(r"0*(\d{1,7})\s*/\s*(\d{4})")
#: "ABCD-EFGH-JKMN" in any case: a receipt code (the dashes tell it from a long word).
RECEIPT_CODE = re.compile(r"([0-9A-Z]{4})\s*-\s*([0-9A-Z]{4})\s*-\s*([0-9A-Z]{4})")


def petition_search(petitions: QuerySet[Petition], query: str) -> QuerySet[Petition]:
    """Accent- and case-insensitive: "nguyen van a" finds "Nguyễn Văn A"; a registry number
    ("12/2026") or a receipt code finds its petition (by the unique columns, not the text).

    Otherwise one trigram-indexed condition on the stored ``search_text`` (subject, summary and the
    senders' names; never a sealed denouncer's). A needle that most rows contain ("nguyễn", "xã")
    is answered by walking the list's order index (``petition_list_order``) until the page is full,
    the count stops at ``COUNT_CAP``: ``benchmarks/petitions`` measures both kinds on 100,000 petitions.

    A needle of several words ("nguyen van a", "le van") that is not common (``_common``) adds the
    same condition on the text without spaces (``search_joined``), which a second trigram index
    serves with the trigrams across words: it holds for every petition the first one holds, so it
    finds nothing more and loses nothing, but it leaves far fewer candidates to recheck (7,944
    instead of 15,912 for "nguyen van a", 121 instead of 3,856 for "do duc" in 100,000 petitions).
    The first condition is then written as ``strpos`` (the same test), so that the planner cannot
    take the words' own index instead.
    """
    text = nfc(query).strip()
    if code := RECEIPT_CODE.fullmatch(text.upper()):
        return petitions.filter(receipt_code="-".join(code.groups()))
    needle = search_key(Value(text))
    if " " in text and not _common(text):
        # The same substring test, written so that only the joined text's index serves it.
        petitions = petitions.alias(
            search_at=StrIndex("search_text", needle), search_joined=search_joined("search_text")
        )
        words = Q(search_at__gt=0, search_joined__contains=search_joined(needle))
    else:
        words = Q(search_text__contains=needle)
    if number := REGISTRY_NUMBER.fullmatch(text):
        # "12/2026" may also be part of a document number quoted in a subject: both are found.
        return petitions.filter(words | Q(registry_number=f"{int(number[1]):05d}/{number[2]}"))
    return petitions.filter(words)


#: A needle found in ``COMMON_MATCHES`` of the ``COMMON_PROBE`` newest petitions (3%) is common:
#: its page is found fastest by walking the list's order, which the planner does for the plain
#: condition; through the joined text's index it costs 100-400 ms ("nguyen van", 100,000 petitions).
COMMON_PROBE = 500
COMMON_MATCHES = 15


def _common(text: str) -> bool:
    """Whether ``text`` is in ``COMMON_MATCHES`` of the newest ``COMMON_PROBE`` petitions: one query
    that reads those rows in the list's order (the LIMIT keeps the condition out of the indexes). It
    chooses the plan only: both forms of the search find the same rows."""
    table = Petition._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT count(*) FROM (SELECT 1 FROM (SELECT search_text FROM "{table}"'
            " ORDER BY received_date DESC, id DESC LIMIT %s) newest"
            " WHERE strpos(search_text, public.f_unaccent(lower(%s))) > 0 LIMIT %s) found",
            [COMMON_PROBE, text, COMMON_MATCHES],
        )
        return cursor.fetchone()[0] >= COMMON_MATCHES


def petition_list(
    *,
    petition_type: str = "",
    status: str = "",
    field_code: str = "",
    channel: str = "",
    overdue: bool | None = None,
    due_soon: bool | None = None,
    is_open: bool | None = None,
    received_from: date | None = None,
    received_to: date | None = None,
    query: str = "",
    today: date | None = None,
) -> QuerySet[Petition]:
    from .deadlines import today as _today

    today = today or _today()
    petitions = Petition.objects.all()
    if petition_type:
        petitions = petitions.filter(petition_type=petition_type)
    if status:
        petitions = petitions.filter(status=status)
    if field_code:
        petitions = petitions.filter(field_code=field_code)
    if channel:
        petitions = petitions.filter(channel=channel)
    if received_from:
        petitions = petitions.filter(received_date__gte=received_from)
    if received_to:
        petitions = petitions.filter(received_date__lte=received_to)
    if is_open is not None:
        petitions = (
            petitions.exclude(status__in=CLOSED_STATUSES) if is_open else petitions.filter(status__in=CLOSED_STATUSES)
        )
    if overdue:
        petitions = petitions.filter(next_due_date__lt=today).exclude(status__in=CLOSED_STATUSES)
    if due_soon:
        petitions = petitions.filter(next_due_date__gte=today, next_due_date__lte=today + timedelta(DUE_SOON_DAYS))
    if query:
        petitions = petition_search(petitions, query)
    return petitions.order_by("-received_date", "-id")


def capped_count(petitions: QuerySet[Petition], *, cap: int = COUNT_CAP) -> int:
    """How many ``petitions`` there are, exact up to ``cap``; ``cap + 1`` means "more than ``cap``".

    One ``SELECT count(*) FROM (SELECT 1 … LIMIT cap + 1)``: PostgreSQL stops at the ``cap + 1``-th
    match instead of visiting every one, and since no column is asked for, an index that holds the
    filtered columns answers alone (an index-only scan of ``(status, received_date)``, or of
    ``petition_due_order`` for the overdue lists; ``COUNT(*)`` of Django's sliced queryset selects
    the id, which sends the scan to the table). ``benchmarks/petitions`` measures it on 100,000 petitions.

    The rows of a ``distinct()`` or ``union()`` queryset are told apart by their columns (``SELECT
    DISTINCT 1`` is one row): those are counted by Django's own capped ``COUNT`` (``api.pagination``
    counts any queryset it is given with this)."""
    if petitions.query.distinct or petitions.query.combinator:
        return petitions.order_by()[: cap + 1].count()
    rows = _around(petitions.order_by().values_list(Value(1))[: cap + 1], "SELECT count(*) FROM ({}) capped")
    return rows[0][0] if rows else 0


def _around(inner: QuerySet, outer: str, params: tuple = ()) -> list[tuple]:
    """The rows of the statement ``outer`` (its ``{}`` replaced by ``inner``'s SQL, then ``params``),
    on ``inner``'s database; none when ``inner`` can match no row (``.none()``: Django compiles no
    SQL for it). For what the ORM cannot say: an aggregate or a window over a limited subquery."""
    try:
        sql, inner_params = inner.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connections[inner.db].cursor() as cursor:
        cursor.execute(outer.replace("{}", sql), (*inner_params, *params))
        return cursor.fetchall()


@dataclass(frozen=True)
class ListCursor:
    """A place in the list's order (newest received first, then the highest id): the row a page
    ends or starts at. Written ``2026-11-29.1234`` in addresses."""

    received_date: date
    id: int

    def __str__(self) -> str:
        return f"{self.received_date.isoformat()}.{self.id}"

    @classmethod
    def parse(cls, text: str | None) -> ListCursor | None:
        """The cursor written in ``text``; None for anything else (an edited address shows the first page)."""
        day, _dot, number = (text or "").partition(".")
        try:
            return cls(date.fromisoformat(day), int(number)) if number.isdigit() and len(number) < 19 else None
        except ValueError:
            return None

    @classmethod
    def of(cls, petition: Petition) -> ListCursor:
        return cls(petition.received_date, petition.pk)


@dataclass(frozen=True)
class PetitionPage:
    rows: list[Petition]
    #: The cursors of the neighbouring pages: ``newer`` is passed as ``before``, ``older`` as ``after``.
    newer: ListCursor | None
    older: ListCursor | None


def _beyond(petitions: QuerySet[Petition], cursor: ListCursor, operator: str) -> QuerySet[Petition]:
    # A row comparison, which the (received_date DESC, id DESC) index serves in either direction.
    table = Petition._meta.db_table
    condition = RawSQL(
        f'("{table}"."received_date", "{table}"."id") {operator} (%s, %s)',
        [cursor.received_date, cursor.id],
        output_field=BooleanField(),
    )
    return petitions.filter(condition)


def petition_page(
    petitions: QuerySet[Petition],
    *,
    after: ListCursor | None = None,
    before: ListCursor | None = None,
    size: int = 50,
) -> PetitionPage:
    """One page of ``petitions`` (``petition_list``'s order) by keyset: the ``size`` rows older than
    ``after``, or newer than ``before``, or the newest. Unlike an offset, a far page costs what the
    first does, and a petition registered meanwhile neither repeats a row nor skips one.

    Two statements: the ids of the page in order (narrow rows, which an index that holds the
    filtered columns serves alone: ``petition_due_order`` for the overdue lists), then those rows
    by primary key. Asking for the whole rows at once had PostgreSQL fetch and sort every
    candidate's 1 kB row before the LIMIT (5,962 blocks and 8 ms for an overdue list of 873 rows in
    a unit of 100,000, instead of 0.3 ms)."""
    if before is not None and after is None:
        older_first = _beyond(petitions, before, ">").order_by("received_date", "id")
        ids = list(older_first.values_list("id", flat=True)[: size + 1])
        rows = _rows(petitions, ids[:size][::-1])
        newer = ListCursor.of(rows[0]) if len(ids) > size and rows else None
        return PetitionPage(rows, newer, ListCursor.of(rows[-1]) if rows else None)
    if after is not None:
        petitions = _beyond(petitions, after, "<")
    ids = list(petitions.order_by("-received_date", "-id").values_list("id", flat=True)[: size + 1])
    rows = _rows(petitions, ids[:size])
    newer = ListCursor.of(rows[0]) if after is not None and rows else None
    return PetitionPage(rows, newer, _older(rows, more=len(ids) > size))


def petition_page_counted(
    petitions: QuerySet[Petition],
    *,
    after: ListCursor | None = None,
    before: ListCursor | None = None,
    size: int = 50,
    cap: int = COUNT_CAP,
    search: bool = False,
) -> tuple[PetitionPage, int]:
    """``petition_page`` and ``capped_count`` of ``petitions``, reading as little as each kind of
    list allows:

    * a page that holds every match (no page before or after it) is its own count;
    * the first page of a search (``search``: ``petitions`` went through ``petition_search``) and
      its count come from one statement when there are at most ``cap`` matches: the first
      ``cap + 1`` matches in any order (where the count would stop), counted by a window and
      sorted, of which the first ``size + 1`` ids come back. A search's cost is rechecking its
      trigram candidates against the text, which a count and a page would each do again (7,817
      candidates for the 456 matches of "nguyen thanh t" in 100,000 petitions). With more than
      ``cap`` matches those are not the newest, so the page is read as usual (the list's order
      finds it soon: such a needle is in one petition in 100 or more); the count is ``cap + 1``.
    A list's filters are answered from indexes alone, so its count stays its own index-only
    statement (``capped_count``), read only when the page does not hold every match.
    """
    if search and after is None and before is None:
        ids, total = _first_ids_and_count(petitions, size=size, cap=cap)
        if total <= cap:
            rows = _rows(petitions, ids[:size])
            return PetitionPage(rows, None, _older(rows, more=len(ids) > size)), total
        return petition_page(petitions, size=size), total
    page = petition_page(petitions, after=after, before=before, size=size)
    if page.newer is None and page.older is None:
        return page, len(page.rows)
    return page, capped_count(petitions, cap=cap)


def _first_ids_and_count(petitions: QuerySet[Petition], *, size: int, cap: int) -> tuple[list[int], int]:
    """The ids of the newest ``size + 1`` among the first ``cap + 1`` matches PostgreSQL finds, and
    how many it found (up to ``cap + 1``): when that is at most ``cap``, they are every match."""
    rows = _around(
        petitions.order_by().values_list("received_date", "id")[: cap + 1],
        "SELECT id, count(*) OVER () FROM ({}) found ORDER BY received_date DESC, id DESC LIMIT %s",
        (size + 1,),
    )
    return [pk for pk, _total in rows], rows[0][1] if rows else 0


def _older(rows: list[Petition], *, more: bool) -> ListCursor | None:
    """The cursor to the next page: after the last row shown, when more rows follow it."""
    return ListCursor.of(rows[-1]) if more and rows else None


def _rows(petitions: QuerySet[Petition], ids: list[int]) -> list[Petition]:
    """The rows of ``ids`` (found by ``petitions``, in the list's order) in that order, with
    ``petitions``' prefetches; none without a statement when there are none."""
    if not ids:
        return []
    found = {petition.pk: petition for petition in petitions.filter(pk__in=ids).order_by()}
    return [found[pk] for pk in ids if pk in found]


def handles_petitions(user) -> bool:
    """Processes or decides the unit's petitions (a processing officer, a leader)."""
    return user.has_perm("petitions.process_petition") or user.has_perm("petitions.decide_petition")


def petitions_due_for(user, *, today: date | None = None) -> QuerySet[Deadline]:
    """The running clocks that have run out or run out within ``DUE_SOON_DAYS``, most urgent first,
    for whoever processes or decides the unit's petitions: petitions are not assigned to one
    officer, so each sees the unit's caseload (as the daily alert tells them). Nothing for anyone
    else. The clock and its petition's registry number and type: no names."""
    if not handles_petitions(user):
        return Deadline.objects.none()
    today = today or local_today()
    return (
        Deadline.objects.filter(
            state=Deadline.State.OPEN, is_operative=True, due_date__lte=today + timedelta(DUE_SOON_DAYS)
        )
        .select_related("petition")
        .order_by("due_date", "id")
    )


def petition_get(pk: int) -> Petition:
    return Petition.objects.prefetch_related("citizens").get(pk=pk)


def registry_numbers_by_case(case_ids) -> dict[str, str]:
    """The registry number of each of this unit's petitions among ``case_ids`` (case ids as text;
    ids that are not UUIDs, or another unit's, are left out)."""
    wanted = set()
    for value in case_ids:
        try:
            wanted.add(uuid.UUID(str(value)))
        except ValueError:
            continue
    if not wanted:
        return {}
    rows = Petition.objects.filter(case_id__in=wanted).values_list("case_id", "registry_number")
    return {str(case_id): number for case_id, number in rows}


#: Where ``senders_attach`` leaves each petition's senders' names, in the order they were added.
SENDERS_SHOWN = "senders_shown"


def senders_attach(petitions: list[Petition]) -> list[Petition]:
    """``petitions`` (a page of a list) with their senders' names for ``sender_label``: one
    statement of names for the page, no model instance per sender. A prefetch built a related
    manager and a queryset per petition, which cost more in Python than the page's SQL in a unit of
    100,000 (``benchmarks/petitions``); the names as a subquery of the rows' own statement were
    computed for every row an OFFSET skips (the API's far pages). Lists only: a petition's page
    shows its senders from ``petition.citizens``. Sealed denouncers are no citizens."""
    names: dict[int, list[str]] = {petition.pk: [] for petition in petitions}
    if names:
        signers = Signer.objects.filter(petition_id__in=names).order_by("id")
        for pk, name in signers.values_list("petition_id", "citizen__full_name"):
            names[pk].append(name)
    for petition in petitions:
        setattr(petition, SENDERS_SHOWN, names[petition.pk])
    return petitions


def sender_label(petition: Petition) -> str:
    """Who sent it, as lists show it: a sealed denouncer is never named."""
    if petition.is_confidential:
        return _("Denouncer (sealed)")
    if petition.signer_kind == SignerKind.ANONYMOUS:
        return _("Anonymous")
    names = getattr(petition, SENDERS_SHOWN, None)
    return ", ".join(names if names is not None else (citizen.full_name for citizen in petition.citizens.all()))


def sealed_read_list(*, date_from: date | None = None, date_to: date | None = None) -> QuerySet[SealedIdentityAccess]:
    """Every reading of a sealed identity or sealed scan, newest first (local calendar days)."""
    reads = SealedIdentityAccess.objects.select_related("user", "petition")
    if date_from:
        reads = reads.filter(at__date__gte=date_from)
    if date_to:
        reads = reads.filter(at__date__lte=date_to)
    return reads.order_by("-at", "-id")


#: Channels by which an agency sent the petition: only those can be returned to the sender agency.
RETURNABLE_CHANNELS = (Channel.TRANSFERRED, Channel.FORWARDED)


#: Which outcomes the classification allows (domain.md §5.2).
def allowed_outcomes(petition: Petition) -> list[str]:
    outcomes = _classified_outcomes(petition)
    if petition.channel not in RETURNABLE_CHANNELS:
        # "Trả lại đơn cho cơ quan đã chuyển đến": a letter a citizen sent us has no agency to go back to.
        outcomes = [outcome for outcome in outcomes if outcome != Outcome.RETURNED]
    return outcomes


def _classified_outcomes(petition: Petition) -> list[str]:
    if petition.status != Status.CLASSIFIED:
        return []
    if not petition.is_processable:
        return [Outcome.FILED, Outcome.RETURNED]
    if petition.petition_type == PetitionType.MIXED:
        return [Outcome.GUIDED, Outcome.FILED]  # split into separate petitions first (Reception Law Art. 25(3))
    if petition.within_jurisdiction:
        return [Outcome.ACCEPTANCE_PROPOSED, Outcome.CHASED, Outcome.FILED]
    if petition.petition_type == PetitionType.COMPLAINT:
        return [Outcome.GUIDED, Outcome.RETURNED]
    return [Outcome.FORWARDED, Outcome.GUIDED, Outcome.RETURNED]
