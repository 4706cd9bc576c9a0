from django.db import migrations, models


class Migration(migrations.Migration):
    """Rows written before carry no registry number: ``manage.py caseindex_rebuild --fix`` fills them
    from every unit's petitions."""

    dependencies = [("caseindex", "0005_caseevent_is_processable_and_more")]

    operations = [
        migrations.AddField(
            model_name="caseindexentry",
            name="registry_number",
            field=models.CharField(blank=True, max_length=20, verbose_name="registry number"),
        ),
    ]
