"""Data for issue 9 §3 ("every clock the rule table seeds is opened by a step").

* Calendar years: every year that already has rows seeded from the holidays package is recorded as seeded (the
  engine now refuses to count into a year that is not).
* Refusal grounds, versioned: Reception Law Art. 9 throughout; NĐ 154/2026 Art. 4(1) from 1/7/2026, letters as in
  the third-party copy of the decree [R] (a weapons, b security check, c recording, d inciting disorder,
  đ no capacity, e representative without proof, g not a KN/TC/KNPA, h a KNPA already answered in writing with
  nothing new, i final judgment, k handled by another competent body). The "persistent" grounds (Art. 9(3),
  Art. 4(1)(h)) require the refusal notice 01/TCD (Art. 4(3)).
* Competence: who may accept a second-level complaint (Complaints Law Arts. 17–21; after 1/7/2025 no district,
  and never a commune: NĐ 141/2025 [S]).
* Rule table: ``denunciation.sanction_report`` is removed — it is the duty of the body asked to sanction, counted
  from its own sanction decision, which reaches it as a recommendation and not as a petition (core/legal/clocks.py
  REMOVED). The complainant's own windows (limitation, second complaint, disciplinary windows) no longer drive
  alerts: they are not the unit's duties. Notes of the two "before" rules follow the corrected count.
"""

from datetime import date

from django.db import migrations

NEW_RULES = date(2026, 7, 1)
LAW = "Luật Tiếp công dân 2013, Điều 9"
DECREE = "NĐ 154/2026/NĐ-CP, Điều 4"
GROUNDS = [
    # code, from, basis, requires notice, confidence
    ("incapable", date(2014, 7, 1), f"{LAW}(1); {DECREE}(1)(đ) từ 01/7/2026", False, "V"),
    ("threatening", date(2014, 7, 1), f"{LAW}(2)", False, "V"),
    ("resolved", date(2014, 7, 1), f"{LAW}(3); Mẫu 01/TCD", True, "V"),
    ("weapons", NEW_RULES, f"{DECREE}(1)(a)", False, "R"),
    ("security_check", NEW_RULES, f"{DECREE}(1)(b)", False, "R"),
    ("recording", NEW_RULES, f"{DECREE}(1)(c)", False, "R"),
    ("disorder", NEW_RULES, f"{DECREE}(1)(d)", False, "R"),
    ("no_proof", NEW_RULES, f"{DECREE}(1)(e)", False, "R"),
    ("out_of_scope", NEW_RULES, f"{DECREE}(1)(g)", False, "R"),
    ("answered", NEW_RULES, f"{DECREE}(1)(h); Mẫu 01/TCD ({DECREE}(3))", True, "R"),
    ("judged", NEW_RULES, f"{DECREE}(1)(i)", False, "R"),
    ("other_agency", NEW_RULES, f"{DECREE}(1)(k)", False, "R"),
]
GROUND_NOTES = "Letters from a third-party copy of NĐ 154/2026: verify against Công báo (domain.md §13.2)."

COMPETENCE = [
    # type, level, kinds, from, to, basis, confidence, notes
    (
        "complaint", 2, ["provincial_committee", "department", "legacy_district"], date(2012, 7, 1),
        date(2025, 6, 30), "Luật Khiếu nại 2011, Điều 18(2), 19(2), 21(2)", "V",
        "Second complaints: the district chairman (about commune chairmen), department directors (about their "
        "subordinate units) and the provincial chairman. A commune chairman only resolves first complaints "
        "(Art. 17).",
    ),
    (
        "complaint", 2, ["provincial_committee", "department"], date(2025, 7, 1), None,
        "Luật Khiếu nại 2011, Điều 19(2), 21(2); NĐ 141/2025/NĐ-CP (chính quyền địa phương hai cấp)", "S",
        "No district after 1/7/2025: second complaints about a commune chairman's decisions go to the provincial "
        "chairman (NĐ 141/2025 summaries; Đồng Nai practice, domain.md §5.3). Article text not available.",
    ),
]

WINDOWS = [
    "complaint.limitation",
    "complaint.second_complaint_window",
    "complaint.disciplinary_first_window",
    "complaint.disciplinary_second_window",
]
NOT_A_DUTY = " The complainant's time limit, not a duty of the unit: shown on the case, never alerted."
NOTES = {
    "schedule.publication": "§6 row 1. Counted back from the session: publishing on the 5th working day before it "
    "is in time (Mon 8/6 for Mon 15/6).",
}
DIALOGUE = " Counted back from the dialogue: inviting on the 5th day before it is in time."


def forward(apps, schema_editor):
    CalendarDay = apps.get_model("legal", "CalendarDay")
    CalendarYear = apps.get_model("legal", "CalendarYear")
    years = CalendarDay.objects.filter(source="holidays").dates("date", "year")
    for year in years:
        CalendarYear.objects.get_or_create(year=year.year)

    RefusalGround = apps.get_model("legal", "RefusalGround")
    for code, start, basis, notice, confidence in GROUNDS:
        RefusalGround.objects.get_or_create(
            code=code,
            effective_from=start,
            defaults={
                "legal_basis": basis,
                "requires_notice": notice,
                "confidence": confidence,
                "notes": GROUND_NOTES if confidence == "R" else "",
            },
        )

    CompetenceRule = apps.get_model("legal", "CompetenceRule")
    for petition_type, level, kinds, start, end, basis, confidence, notes in COMPETENCE:
        CompetenceRule.objects.get_or_create(
            petition_type=petition_type,
            level=level,
            effective_from=start,
            defaults={
                "unit_kinds": kinds,
                "effective_to": end,
                "legal_basis": basis,
                "confidence": confidence,
                "notes": notes,
            },
        )

    DeadlineRule = apps.get_model("legal", "DeadlineRule")
    DeadlineRule.objects.filter(code="denunciation.sanction_report").delete()
    for rule in DeadlineRule.objects.filter(code__in=WINDOWS, is_operative=True):
        rule.is_operative = False
        if NOT_A_DUTY.strip() not in rule.notes:
            rule.notes = rule.notes.rstrip() + NOT_A_DUTY
        rule.save(update_fields=["is_operative", "notes"])
    for code, notes in NOTES.items():
        DeadlineRule.objects.filter(code=code).update(notes=notes)
    for rule in DeadlineRule.objects.filter(code="complaint.dialogue_invitation"):
        if DIALOGUE.strip() not in rule.notes:
            rule.notes = rule.notes.rstrip() + DIALOGUE
            rule.save(update_fields=["notes"])


class Migration(migrations.Migration):
    dependencies = [("legal", "0008_calendar_years_refusal_grounds_competence")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
