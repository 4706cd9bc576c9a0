"""The province dashboard's units table, rendered in Python.

A province has a hundred units or more, each a row of some twenty figures: through the template
engine those rows were most of the page's time (every ``{{ n }}`` a lookup, a localisation and an
escape). Here each row is one format string, each number localised once per distinct value; the
HTML is the same as the template's (``oversight/dashboard.html`` puts it in ``<tbody>``), and
``tests/core/oversight/test_dashboard.py`` compares the two.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

ROW = (
    '\n      <tr data-unit="{code}"{focus}>\n'
    '        <td class="unit"><a href="{link}">{name}</a> <span class="muted">{code}</span></td>\n'
    '        <td class="num" data-col="received">{received}<div class="minibar"><span style="width: {width}%"></span>'
    "</div></td>\n"
    "        {by_type}\n"
    '        <td class="num" data-col="processed">{processed}</td>\n'
    '        <td class="num" data-col="overdue">{overdue}</td>\n'
    '        <td class="num" data-col="near_due">{near_due}</td>\n'
    '        <td class="num" data-col="resolved">{resolved}</td>\n'
    '        <td class="num" data-col="on_time_rate">{on_time_rate}</td>\n'
    "        \n"
    '        <td class="num" data-col="visits">{visits}</td>\n'
    '        <td class="num" data-col="crowd_visits">{crowd_visits}</td>\n'
    '        <td class="num" data-col="head_sessions">{head_sessions}</td>\n'
    '        <td class="num" data-col="deputy_sessions">{deputy_sessions}</td>\n'
    '        <td class="num" data-col="compliance_rate">{compliance}</td>\n'
    '        <td class="num" data-col="hot_spots_open">{hot_spots}</td>\n'
    '        <td class="num" data-col="trained_share">{trained_share}</td>\n'
    "        \n"
    "      </tr>\n    "
)
NONE = "—"
LATE = ' class="late"'


class _Numbers:
    """``{{ value }}`` of the template: localised and escaped, each distinct value once."""

    def __init__(self) -> None:
        self.seen: dict[Any, str] = {}

    def __call__(self, value: Any) -> str:
        key = (type(value), value)
        text = self.seen.get(key)
        if text is None:
            text = self.seen[key] = str(conditional_escape(localize(value)))
        return text


def units_rows(request: HttpRequest, table: Iterable[dict], focus_code: str | None) -> SafeString:
    """The ``<tr>`` of every unit of ``table`` (the view's rows: unit, by_type, width), as the
    template's loop wrote them; the unit's link keeps the page's query and sets ``unit``."""
    n = _Numbers()
    query = request.GET.copy()
    out = []
    for row in table:
        unit, figures = row["unit"], row["unit"].figures
        reception = figures.reception
        query["unit"] = unit.code
        code = conditional_escape(unit.code)
        late = LATE if reception.windows_compliant < reception.windows else ""
        compliance = (
            NONE
            if reception.compliance_rate is None
            else f"<span{late}>{n(reception.windows_compliant)}/{n(reception.windows)}</span>"
        )
        out.append(
            ROW.format(
                code=code,
                focus=' class="focus"' if focus_code == unit.code else "",
                link=conditional_escape(f"?{query.urlencode()}"),
                name=conditional_escape(unit.name),
                received=n(figures.received),
                width=conditional_escape(str(row["width"])),
                by_type="".join(f'<td class="num">{n(count)}</td>' for count in row["by_type"]),
                processed=n(figures.processed),
                overdue=f"<span{LATE}>{n(figures.overdue)}</span>" if figures.overdue else "0",
                near_due=n(figures.near_due),
                resolved=n(figures.resolved),
                on_time_rate=NONE if figures.on_time_rate is None else f"{n(figures.on_time_rate)}%",
                visits=n(reception.visits),
                crowd_visits=n(reception.crowd_visits),
                head_sessions=n(reception.head_sessions),
                deputy_sessions=n(reception.deputy_sessions),
                compliance=compliance,
                hot_spots=f"<span{LATE}>{n(reception.hot_spots_open)}</span>" if reception.hot_spots_open else "0",
                trained_share=NONE if reception.trained_share is None else f"{n(reception.trained_share)}%",
            )
        )
    return mark_safe("".join(out))  # every value above is escaped
