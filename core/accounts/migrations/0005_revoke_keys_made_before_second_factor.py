"""API keys of accounts whose role now needs a second factor were made before there was one: they
would carry the role past it (a key answers the API without the code page). Revoke them once; the
holders make new keys on the keys page, which the second factor guards. Later grants are covered
by ``tokens.token_authenticate`` (a key older than the role's grant is refused)."""

from django.db import migrations
from django.db.models import Q
from django.utils import timezone

#: ``core.accounts.second_factor.SECOND_FACTOR_ROLES`` when this ran.
ROLES = ["unit_admin", "inspector", "sealed_reader"]


def revoke(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    needs = Q(user__groups__name__in=ROLES) | Q(user__is_superuser=True) | Q(user__is_staff=True)
    ApiToken.objects.filter(needs, revoked_at__isnull=True).update(revoked_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_audit_chain_and_role_requests")]

    operations = [migrations.RunPython(revoke, migrations.RunPython.noop)]
