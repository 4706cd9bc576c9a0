"""The working calendar is seeded years ahead, the engine refuses to count into a year that is not,
and a platform admin's cancellation of a seeded day survives re-seeding (issue 9 §3)."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.utils import timezone

from core.legal.choices import DayKind, DaySource
from core.legal.engine import CalendarNotSeeded, WorkCalendar, due_date
from core.legal.models import CalendarDay, CalendarYear
from core.legal.selectors import compute
from core.legal.services import calendar_day_cancel, calendar_seed, calendar_seed_ahead
from tests.conftest import admin_login

pytestmark = pytest.mark.django_db

D = date


def unseed(year: int) -> None:
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarYear.objects.filter(year=year).delete()


def test_a_day_of_a_year_not_loaded_is_refused_not_guessed():
    calendar = WorkCalendar({D(2031, 12, 31): DayKind.HOLIDAY}, years=[2031])
    with pytest.raises(CalendarNotSeeded) as refused:
        due_date(start=D(2031, 12, 29), length=5, unit="WD", calendar=calendar)
    assert refused.value.year == 2032
    assert refused.value.status_code == 409


def test_migrating_seeds_the_years_ahead_that_are_missing():
    from django.apps import apps
    from django.db.models.signals import post_migrate

    last = timezone.localdate().year + settings.TIEPDAN_CALENDAR_YEARS_AHEAD
    unseed(last)
    legal = apps.get_app_config("legal")
    post_migrate.send(sender=legal, app_config=legal, verbosity=0, interactive=False, using="default", plan=[])
    seeded = set(CalendarYear.objects.values_list("year", flat=True))
    assert set(range(timezone.localdate().year, last + 1)) <= seeded
    assert CalendarDay.objects.filter(date=D(last, 1, 1), kind=DayKind.HOLIDAY).exists()


def test_a_deadline_ending_in_an_unseeded_year_is_refused_with_a_clear_message():
    unseed(2032)
    # 90 days from 20/12/2031 end in March 2032: counting them over an empty 2032 would ignore New Year and Tết.
    with pytest.raises(CalendarNotSeeded) as refused:
        compute(code="complaint.limitation", start=D(2031, 12, 20))
    assert "2032" in refused.value.message


def test_seeding_ahead_fills_the_missing_years_and_new_year_counts_again():
    unseed(2032)
    assert calendar_seed_ahead(today=D(2027, 3, 1), years_ahead=5) == [2032]
    assert CalendarDay.objects.get(date=D(2032, 1, 1)).kind == DayKind.HOLIDAY
    # Wed 31/12/2031 + 3 working days: Thu 1/1/2032 is New Year's Day, so Fri 2, Mon 5, Tue 6/1/2032.
    assert compute(code="complaint.decision_send_first", start=D(2031, 12, 31)).due_date == D(2032, 1, 6)
    assert calendar_seed_ahead(today=D(2027, 3, 1), years_ahead=5) == []  # already there: nothing to do


def test_seeding_ahead_runs_from_a_beat_entry():
    assert settings.CELERY_BEAT_SCHEDULE["calendar-seed-ahead"]["task"] == "core.legal.tasks.calendar_seed_ahead"


def test_a_session_scheduled_into_an_unseeded_year_is_refused_with_a_4xx(unit_a, make_member):
    unseed(2032)
    leader = make_member(unit_a, roles=("leader",), username="chu_tich_lich")
    response = leader.api().post(
        leader.url("api/v1/reception/sessions/"),
        {
            "kind": "periodic",
            "date": "2032-01-05",
            "start_time": time(8).isoformat(),
            "place": "Trụ sở UBND xã",
            "presiding": leader.user.pk,
        },
        format="json",
    )
    assert response.status_code == 409, response.content.decode()
    body = response.json()
    assert "2032" in body["detail"]
    assert body["field"] == "date"


def test_a_cancelled_working_saturday_stays_cancelled_after_reseeding():
    saturday = D(2026, 8, 22)  # worked in exchange for Mon 31/8/2026 (holidays package)
    assert CalendarDay.objects.get(date=saturday).source == DaySource.HOLIDAYS
    calendar_day_cancel(day=saturday)
    calendar_seed(years=[2026])
    row = CalendarDay.objects.get(date=saturday)
    assert (row.kind, row.source) == (DayKind.DAY_OFF, DaySource.ADMIN)
    assert not WorkCalendar.from_db(D(2026, 8, 1), D(2026, 8, 31)).is_working_day(saturday)
    # Wed 19/8 + 3 working days: Thu 20, Fri 21, then Mon 24/8 (the Saturday is not worked after all).
    assert compute(code="complaint.decision_send_first", start=D(2026, 8, 19)).due_date == D(2026, 8, 24)


def test_a_platform_admin_cancels_a_seeded_saturday_in_the_admin(client, db):
    from django.db import connection

    from core.accounts.models import User

    connection.set_schema_to_public()
    admin = User.objects.create_user("lich_admin", password="x", is_staff=True)
    admin.user_permissions.add(*Permission.objects.filter(content_type__app_label="legal", codename__endswith="day"))
    admin_login(client, admin)
    saturday = CalendarDay.objects.get(date=D(2026, 8, 22))
    response = client.post(
        "/admin/legal/calendarday/", {"action": "cancel_seeded", "_selected_action": [saturday.pk]}, follow=True
    )
    assert response.status_code == 200
    calendar_seed(years=[2026])
    assert CalendarDay.objects.get(date=D(2026, 8, 22)).kind == DayKind.DAY_OFF
    # Deleting the seeded row would not last (re-seeding brings it back), so the admin does not offer it.
    holiday = CalendarDay.objects.get(date=D(2026, 9, 2))
    assert client.get(f"/admin/legal/calendarday/{holiday.pk}/delete/").status_code == 403
