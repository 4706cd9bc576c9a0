"""Drop Django's ``_like`` twin indexes (``varchar_pattern_ops``/``text_pattern_ops``) made before the
project's schema editor stopped making them (``tenants/postgresql/base.py`` says why).

``accounts`` is migrated in the public schema, the template and every unit, so this runs in each of
them; it drops only the twins of the schema being migrated (never through the ``search_path``,
which reaches ``public`` from a unit). A schema made since has none, and this does nothing there.
Not reversible by design: going back would make them again only if the old editor were back.
"""

from django.db import migrations

TWINS = """
SELECT format('DROP INDEX %%I.%%I', n.nspname, ic.relname)
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_namespace n ON n.oid = ic.relnamespace
JOIN pg_opclass oc ON oc.oid = i.indclass[0]
WHERE n.nspname = %s
  AND ic.relname LIKE '%%\\_like'
  AND i.indnatts = 1 AND NOT i.indisunique AND i.indexprs IS NULL AND i.indpred IS NULL
  AND oc.opcname IN ('varchar_pattern_ops', 'text_pattern_ops')
ORDER BY ic.relname
"""


def twins_drop(apps, schema_editor):
    connection = schema_editor.connection
    schema = getattr(connection, "schema_name", None) or "public"
    with connection.cursor() as cursor:
        cursor.execute(TWINS, [schema])
        statements = [row[0] for row in cursor.fetchall()]
        for statement in statements:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_revoke_keys_made_before_second_factor")]

    operations = [migrations.RunPython(twins_drop, migrations.RunPython.noop, elidable=True)]
