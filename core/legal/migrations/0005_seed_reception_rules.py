from datetime import date

from django.db import migrations

COMMUNE = ["commune", "ward", "special_zone"]
QUOTAS = [
    # kinds, days, per, from, to, basis, confidence
    (COMMUNE, 1, "week", date(2014, 7, 1), date(2026, 6, 30), "Luật Tiếp công dân 2013, Điều 15(2)(d)", "V"),
    (COMMUNE, 2, "month", date(2026, 7, 1), None, "Luật 136/2025/QH15 (Luật Tiếp công dân sửa đổi)", "S"),
    (["provincial_committee", "provincial_reception"], 1, "month", date(2014, 7, 1), None,
     "Luật Tiếp công dân 2013, Điều 12(5)", "V"),
    (["department", "provincial_inspectorate"], 1, "month", date(2014, 7, 1), None,
     "Luật Tiếp công dân 2013, Điều 18(2)", "V"),
    (["legacy_district"], 2, "month", date(2014, 7, 1), date(2025, 6, 30), "Luật Tiếp công dân 2013, Điều 13(5)", "V"),
]


def seed(apps, schema_editor):
    Quota = apps.get_model("legal", "ReceptionQuotaRule")
    for kinds, days, per, start, end, basis, confidence in QUOTAS:
        Quota.objects.get_or_create(
            unit_kinds=kinds, per=per, effective_from=start,
            defaults={"min_days": days, "effective_to": end, "legal_basis": basis, "confidence": confidence},
        )
    Parameter = apps.get_model("legal", "LegalParameter")
    Parameter.objects.get_or_create(
        code="reception.crowd_threshold",
        effective_from=date(2014, 7, 1),
        defaults={
            "value": 5,
            "legal_basis": "Luật Tiếp công dân 2013, Điều 29 (inferred threshold)",
            "confidence": "U",
            "notes": "5 people or more must appoint representatives; the reporting circular's own definition of "
            "'đoàn đông người' is not confirmed (domain.md §13.9).",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("legal", "0004_receptionquotarule_legalparameter")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
