import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_fields_seed")]

    operations = [
        migrations.AlterField(
            model_name="petitionfield",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="children",
                to="catalogue.petitionfield",
                verbose_name="parent field",
            ),
        ),
        migrations.AlterField(
            model_name="petitionfield",
            name="sort_order",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="sort order"),
        ),
    ]
