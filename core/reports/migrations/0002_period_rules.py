from datetime import date

from django.db import migrations


def seed(apps, schema_editor):
    Rule = apps.get_model("reports", "ReportPeriodRule")
    Rule.objects.get_or_create(
        form_version="TT 03/2013",
        effective_from=date(2013, 1, 1),
        defaults={
            "cutoff_day": 16,
            "effective_to": date(2021, 5, 9),
            "legal_basis": "TT 03/2013/TT-TTCP (16 → 15)",
            "confidence": "S",
        },
    )
    Rule.objects.get_or_create(
        form_version="TT 06/2025",
        effective_from=date(2021, 5, 10),
        defaults={
            "cutoff_day": 15,
            "legal_basis": "NĐ 09/2019/NĐ-CP Art. 12; TT 02/2021, TT 01/2024, TT 06/2025/TT-TTCP",
            "confidence": "U",
            "notes": "15 → 14 is confirmed for TT 02/2021 and TT 01/2024 [S] and inferred for TT 06/2025 [U].",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
