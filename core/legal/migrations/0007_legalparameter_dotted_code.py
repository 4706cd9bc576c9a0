import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("legal", "0006_versioned_rule_base")]

    operations = [
        migrations.AlterField(
            model_name="legalparameter",
            name="code",
            field=models.CharField(
                db_index=True,
                max_length=60,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$",
                        "Use dotted lower-case words, e.g. complaint.acceptance.",
                    )
                ],
                verbose_name="code",
            ),
        ),
    ]
