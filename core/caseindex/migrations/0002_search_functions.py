from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

# unaccent() is only STABLE (its dictionary could change), so it cannot be used in an index;
# this IMMUTABLE wrapper names the dictionary explicitly, the usual way to index accent-insensitive
# text. Tenant schemas' indexes call it as public.f_unaccent.
F_UNACCENT = """
CREATE OR REPLACE FUNCTION public.f_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
"""


class Migration(migrations.Migration):
    dependencies = [("caseindex", "0001_initial")]
    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunSQL(F_UNACCENT, "DROP FUNCTION IF EXISTS public.f_unaccent(text);"),
    ]
