"""Lists that stay cheap in a unit of 100,000 petitions: a count capped at 1,000 ("more than
1,000"), keyset pages, and a search that finds the syllables most rows share."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from core.petitions.models import Petition
from core.petitions.selectors import (
    COUNT_CAP,
    ListCursor,
    capped_count,
    petition_list,
    petition_page,
    petition_page_counted,
    sender_label,
    senders_attach,
)

pytestmark = pytest.mark.django_db

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Đức", "Hà", "Lan"]


def bulk(member, count: int, *, days: int = 5, start: int = 0, names=None) -> None:
    """``count`` petitions in ``member``'s unit, received over ``days`` days (so many share a day)."""
    rows = []
    for index in range(start, start + count):
        name = names[index % len(names)] if names else f"{FAMILY[index % 5]} Văn {GIVEN[index % 7]}"
        rows.append(
            Petition(
                receipt_code=f"T{member.unit.code}-{index:07d}",
                registry_number=f"{index + 1:05d}/2026",
                channel="post",
                received_date=date(2026, 11, 1) + timedelta(days=index % days),
                signer_kind="one",
                petition_type="complaint",
                field_code="dat-dai",
                subject=f"Tranh chấp đất đai tại xã Tân Đoàn, thửa {index}",
                summary="Đề nghị giải quyết việc lấn chiếm đất của gia đình.",
                senders_text=name,
                registered_by=member.user,
            )
        )
    with schema_context(member.unit.schema_name):
        Petition.objects.bulk_create(rows, batch_size=1000)


def listed_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr data-petition="(\d+)"', html)]


def count_marker(html: str) -> tuple[int, bool]:
    found = re.search(r'class="muted list-count" data-count="(\d+)"( data-capped)?', html)
    assert found, "the list's count is missing"
    return int(found.group(1)), bool(found.group(2))


def test_count_is_exact_up_to_the_cap_then_more_than(officer_a):
    bulk(officer_a, COUNT_CAP)
    web, api = officer_a.web(), officer_a.api()
    assert count_marker(web.get(officer_a.url("don-thu/")).content.decode()) == (COUNT_CAP, False)
    body = api.get(officer_a.url("api/v1/petitions/")).json()
    assert (body["count"], body["count_capped"]) == (COUNT_CAP, False)

    bulk(officer_a, 1, start=COUNT_CAP)
    with schema_context(officer_a.unit.schema_name):
        assert capped_count(petition_list()) == COUNT_CAP + 1
        assert capped_count(petition_list(query="tan doan")) == COUNT_CAP + 1
        assert capped_count(petition_list(query="thua 1000")) == 1
    html = web.get(officer_a.url("don-thu/")).content.decode()
    assert count_marker(html) == (COUNT_CAP + 1, True)
    assert "1.000" in html  # "Hơn 1.000 đơn": the cap, not the exact number
    assert count_marker(web.get(officer_a.url("don-thu/"), {"q": "thua 1000"}).content.decode()) == (1, False)

    # The API's pages go on past the cap while rows come; the last one is found by following next.
    base = officer_a.url("api/v1/petitions/")
    body = api.get(base, {"page_size": 500}).json()
    assert (body["count"], body["count_capped"], len(body["results"])) == (COUNT_CAP + 1, True, 500)
    last = api.get(base, {"page_size": 500, "page": 3}).json()
    assert (len(last["results"]), last["next"], last["count_capped"]) == (1, None, True)
    assert "page=2" in last["previous"]
    assert api.get(base, {"page_size": 500, "page": 4}).status_code == 404
    exact = api.get(base, {"page_size": 500, "page": "last"}).json()
    assert (exact["count"], exact["count_capped"], len(exact["results"])) == (COUNT_CAP + 1, False, 1)
    seen = set()
    for page in (1, 2, 3):
        seen |= {item["id"] for item in api.get(base, {"page_size": 500, "page": page}).json()["results"]}
    assert len(seen) == COUNT_CAP + 1


def test_keyset_pages_cover_every_row_once_in_order_with_ties(officer_a):
    bulk(officer_a, 137, days=4)  # about 34 petitions a day: every page boundary falls inside a day
    with schema_context(officer_a.unit.schema_name):
        petitions = petition_list()
        expected = list(petitions.values_list("pk", flat=True))
        forward, pages, cursor = [], [], None
        while True:
            page = petition_page(petitions, after=cursor, size=20)
            pages.append([p.pk for p in page.rows])
            forward += pages[-1]
            if page.older is None:
                break
            cursor = page.older
        assert forward == expected
        assert len(set(forward)) == 137
        assert len(pages) == 7
        assert page.newer is not None
        # Back again by ``before``: the same pages, newest first, the first page without "newer".
        backward = [pages[-1]]
        while page.newer is not None:
            page = petition_page(petitions, before=page.newer, size=20)
            backward.append([p.pk for p in page.rows])
        assert backward[::-1] == pages
    # A petition registered meanwhile (the newest now) neither repeats a row nor hides one.
    bulk(officer_a, 1, start=500, days=30)
    with schema_context(officer_a.unit.schema_name):
        second = petition_page(petitions, after=ListCursor.of(Petition.objects.get(pk=pages[0][-1])), size=20)
        assert [p.pk for p in second.rows] == pages[1]
        assert petition_page(petitions, size=20).rows[0].pk not in forward
        expected = list(petitions.values_list("pk", flat=True))

    web = officer_a.web()
    shown, url, query = [], officer_a.url("don-thu/"), {}
    for _page in range(10):
        html = web.get(url, query).content.decode()
        shown += listed_ids(html)
        found = re.search(r'<a rel="next" href="\?after=([^"&]+)"', html)
        if not found:
            break
        query = {"after": found.group(1)}
    assert shown == expected


@pytest.mark.parametrize(
    "cursor", ["x", "2026-13-01.5", "2026-11-01.", ".5", "2026-11-01.-5", "2026-11-01." + "9" * 30]
)
def test_a_cursor_that_is_no_cursor_shows_the_first_page(officer_a, cursor):
    bulk(officer_a, 60)
    web = officer_a.web()
    first = listed_ids(web.get(officer_a.url("don-thu/")).content.decode())
    for key in ("after", "before"):
        response = web.get(officer_a.url("don-thu/"), {key: cursor})
        assert response.status_code == 200
        assert listed_ids(response.content.decode()) == first


def test_search_finds_common_syllables_and_names_typed_without_accents(officer_a):
    bulk(officer_a, 300)
    bulk(officer_a, 1, start=300, names=["Trần Thị Bích Ngọc"])
    with schema_context(officer_a.unit.schema_name):
        every = set(petition_list().values_list("pk", flat=True))
        for needle in ("nguyễn", "nguyen van", "văn", "đất", "dat", "xã", "XA TAN DOAN"):
            found = set(petition_list(query=needle).values_list("pk", flat=True))
            assert found, needle
        assert set(petition_list(query="xã tân đoàn").values_list("pk", flat=True)) == every
        assert petition_list(query="nguyen van").count() == 60  # 300 rows, one family name in five
        ngoc = petition_list(query="tran thi bich ngoc")
        assert [p.senders_text for p in ngoc] == ["Trần Thị Bích Ngọc"]
        page = petition_page(petition_list(query="van"), size=50)
        assert len(page.rows) == 50
        assert page.older is not None
    html = officer_a.web().get(officer_a.url("don-thu/"), {"q": "Tran Thi Bich Ngoc"}).content.decode()
    assert len(listed_ids(html)) == 1


def test_search_at_unit_b_never_returns_unit_a(officer_a, unit_b, make_member):
    officer_b = make_member(unit_b, roles=("processing_officer", "leader"), username="xu_ly_b")
    bulk(officer_a, 40, names=["Nguyễn Văn Khôi"])
    bulk(officer_b, 3, names=["Nguyễn Văn Bảo"])
    with schema_context(unit_b.schema_name):
        b_ids = set(petition_list().values_list("pk", flat=True))
    for member, query, count in ((officer_b, "nguyen van", 3), (officer_b, "van khoi", 0), (officer_a, "bao", 0)):
        body = member.api().get(member.url("api/v1/petitions/"), {"q": query}).json()
        assert body["count"] == count, (member, query)
        html = member.web().get(member.url("don-thu/"), {"q": query}).content.decode()
        assert count_marker(html) == (count, False)
        if member is officer_b:
            assert set(listed_ids(html)) <= b_ids
            assert "Khôi" not in html


def test_a_registry_number_or_receipt_code_finds_its_petition(register, officer_a):
    petition = register(subject="Quyết định số 7/2026 về thu hồi đất")  # a number that reads like a registry number
    other = register(subject="Trợ cấp")
    number = int(other.registry_number.split("/")[0])
    year = other.registry_number.split("/")[1]
    with schema_context(officer_a.unit.schema_name):
        for typed in (other.registry_number, f"{number}/{year}", f" {number} / {year} "):
            assert list(petition_list(query=typed)) == [other], typed
        assert list(petition_list(query=other.receipt_code.lower())) == [other]
        assert list(petition_list(query=other.receipt_code.replace("-", " - "))) == [other]
        assert petition.pk in {p.pk for p in petition_list(query="7/2026")}  # the subject's words still count
        assert not petition_list(query="ZZZZ-ZZZZ-ZZZZ").exists()
    body = officer_a.api().get(officer_a.url("api/v1/petitions/"), {"q": other.receipt_code}).json()
    assert [item["id"] for item in body["results"]] == [other.pk]


def reads_of_the_text(queries) -> list[str]:
    """The statements that look for a search's matches: not the probe of the newest petitions
    (``_common``), not the rows of a page fetched by their ids."""
    return [
        query["sql"]
        for query in queries
        if "search_text" in query["sql"] and "newest" not in query["sql"] and '"id" IN (' not in query["sql"]
    ]


def test_a_search_reads_its_first_page_and_count_at_once(officer_a):
    bulk(officer_a, 120, days=3)  # 40 petitions a day: the pages end inside a day
    size, cap = 10, 30
    with schema_context(officer_a.unit.schema_name):
        # nothing; fewer than a page; more than a page, fewer than the cap; more than the cap
        for needle, matches in (("khuat", 0), ("thua 11", 11), ("nguyen van", 24), ("van", 120)):
            petitions = petition_list(query=needle).prefetch_related("citizens")
            expected = petition_page(petitions, size=size)
            with CaptureQueriesContext(connection) as read:
                page, total = petition_page_counted(petitions, size=size, cap=cap, search=True)
            assert total == capped_count(petitions, cap=cap) == min(matches, cap + 1), needle
            assert [p.pk for p in page.rows] == [p.pk for p in expected.rows], needle
            assert (page.newer, page.older) == (None, expected.older), needle
            assert len(page.rows) == min(matches, size)
            # One statement rechecks the text for both, unless there are more matches than the
            # cap: then those it found are not the newest, and the page is read apart.
            assert len(reads_of_the_text(read.captured_queries)) == (1 if matches <= cap else 2), needle
            # The rows come with their prefetched senders (no statement per row).
            with CaptureQueriesContext(connection) as later:
                [list(p.citizens.all()) for p in page.rows]
            assert not later.captured_queries
        assert petition_page_counted(Petition.objects.none(), search=True) == (
            petition_page(Petition.objects.none()),
            0,
        )
        assert capped_count(Petition.objects.none()) == 0


def test_a_list_counts_apart_only_when_its_page_does_not_hold_every_match(officer_a):
    bulk(officer_a, 45, days=3)
    with schema_context(officer_a.unit.schema_name):
        everything = petition_list()
        with CaptureQueriesContext(connection) as read:
            page, total = petition_page_counted(everything, size=50, cap=30)
        assert (len(page.rows), total) == (45, 45)
        assert not [query for query in read.captured_queries if "count(" in query["sql"].lower()]
        page, total = petition_page_counted(everything, size=20, cap=30)
        assert [p.pk for p in page.rows] == list(everything.values_list("pk", flat=True)[:20])
        assert total == 31  # more than the cap
        second, total = petition_page_counted(everything, after=page.older, size=20, cap=60)
        assert [p.pk for p in second.rows] == list(everything.values_list("pk", flat=True)[20:40])
        assert (total, second.newer) == (45, ListCursor.of(second.rows[0]))
        # The search of a later page counts apart too: the same page and count as the list's.
        searched = petition_list(query="tan doan")
        later, total = petition_page_counted(searched, after=page.older, size=20, cap=60, search=True)
        assert ([p.pk for p in later.rows], total) == ([p.pk for p in second.rows], 45)


def test_a_page_names_its_senders_from_one_statement_and_never_a_sealed_denouncer(register, officer_a):
    def person(name: str, number: str) -> dict:
        return {"full_name": name, "id_kind": "cccd", "id_number": number, "phone": ""}

    register()
    several = [person("Trần Thị Bích", "020085001111"), person("Lê Văn Cường", "020085002222")]
    register(signer_kind="several", signer_count=2, signers=several)
    register(petition_type="denunciation", subject="Cán bộ nhận tiền", signers=[person("Lò Văn Tố", "020090004321")])
    register(petition_type="feedback", signer_kind="anonymous", signers=[])
    with schema_context(officer_a.unit.schema_name):
        # What each row showed with the senders read petition by petition.
        expected = {petition.pk: sender_label(petition) for petition in petition_list()}
        with CaptureQueriesContext(connection) as read:
            page, total = petition_page_counted(petition_list(), size=10)
            shown = {petition.pk: sender_label(petition) for petition in senders_attach(page.rows)}
        assert shown == expected
        assert total == 4
        assert sorted(shown.values()) == sorted(
            ["Nguyễn Văn An", "Trần Thị Bích, Lê Văn Cường", str(_("Denouncer (sealed)")), str(_("Anonymous"))]
        )
        # The senders of the page in one statement, none read again row by row.
        assert len([query for query in read.captured_queries if "petitions_citizen" in query["sql"]]) == 1


def test_a_far_api_page_names_the_senders_of_its_own_rows_only(register, officer_a):
    """The API pages by OFFSET: the senders' names are read for the page's rows after it, never in
    the statement that walks past the skipped rows (a subquery there ran once for each of them)."""
    several = [
        {"full_name": "Trần Thị Bích", "id_kind": "cccd", "id_number": "020085001111", "phone": ""},
        {"full_name": "Lê Văn Cường", "id_kind": "cccd", "id_number": "020085002222", "phone": ""},
    ]
    register(signer_kind="several", signer_count=2, signers=several, received_date=date(2026, 10, 1))
    bulk(officer_a, 120, days=3)
    api = officer_a.api()
    with CaptureQueriesContext(connection) as read:
        body = api.get(officer_a.url("api/v1/petitions/"), {"page": 3}).json()
    assert [row["sender"] for row in body["results"]][-1] == "Trần Thị Bích, Lê Văn Cường"  # the oldest, last
    paged = [query["sql"] for query in read.captured_queries if "OFFSET" in query["sql"]]
    assert len(paged) == 1
    assert "petitions_signer" not in paged[0]
    assert "petitions_citizen" not in paged[0]
    assert len([query for query in read.captured_queries if "petitions_signer" in query["sql"]]) == 1


def test_a_capped_count_of_distinct_or_combined_rows_counts_every_row(officer_a):
    """``api.pagination`` counts whatever queryset it pages with ``capped_count``: the rows of a
    ``distinct()`` or a ``union()`` are counted as rows, not as the one row ``SELECT DISTINCT 1`` is."""
    bulk(officer_a, 12, days=3)
    with schema_context(officer_a.unit.schema_name):
        everything = petition_list()
        assert capped_count(everything.distinct(), cap=30) == 12
        assert capped_count(everything.distinct(), cap=10) == 11  # more than the cap
        first, last = date(2026, 11, 1), date(2026, 11, 3)
        overlapping = Petition.objects.filter(received_date__lt=last).union(
            Petition.objects.filter(received_date__gt=first)
        )
        assert capped_count(overlapping, cap=30) == 12
        assert capped_count(everything, cap=30) == 12


def test_needles_with_sql_and_pattern_characters_are_matched_literally(officer_a):
    """The search's page and count read in one raw statement (``sql_with_params`` then the cursor):
    ``%``, ``%s``, ``_``, quotes and backslashes in a needle stay parameters and mean themselves."""
    names = ["Lê 100% An", "Lê a%sb", "Lê x_y", 'O\'Brien "Q"', "Lê back\\slash", "Lê %(name)s", "Lê 50%% Bình"]
    bulk(officer_a, 21, days=3, names=names)
    with schema_context(officer_a.unit.schema_name):
        for needle, matches in (
            ("%", 12), ("%s", 3), ("%%", 3), ("_", 3), ("x_y", 3), ("xy", 0), ("o'brien", 3), ('"q"', 3),
            ("\\", 3), ("%(name)s", 3), ("' OR 1=1 --", 0), ("%s %s", 0), ("le 100% an", 3),
        ):  # fmt: skip
            petitions = petition_list(query=needle)
            page, total = petition_page_counted(petitions, size=5, cap=10, search=True)
            assert total == capped_count(petitions, cap=10) == min(matches, 11), needle
            assert [p.pk for p in page.rows] == [p.pk for p in petition_page(petitions, size=5).rows], needle
            assert all(needle in p.senders_text.lower().replace("ê", "e") for p in page.rows), needle
