"""Personal API keys: stored hashed, shown once, with an expiry, revocable by their owner only."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django_tenants.utils import schema_context

from core.accounts.models import ApiToken
from core.accounts.tokens import TokenRefused, token_authenticate, token_create, token_revoke
from core.common.dates import today
from core.common.errors import ApplicationError, PermissionDeniedError

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The refusals are matched by their English text (the API tests check the Vietnamese)."""
    with translation.override("en"):
        yield


def test_the_key_is_returned_once_and_only_its_hash_is_stored(member_a):
    with schema_context(member_a.unit.schema_name):
        token, key = token_create(user=member_a.user, name="Đồng bộ với tỉnh")
        row = ApiToken.objects.values().get(pk=token.pk)
    assert len(key) == 40
    assert key.isalnum()
    assert row["prefix"] == key[:8]
    assert key not in {str(value) for value in row.values()}
    assert timezone.localtime(token.expires_at).date() == today() + timedelta(days=90)


@pytest.mark.parametrize(
    ("days", "field"),
    [(0, "expires_on"), (-3, "expires_on"), (366, "expires_on")],
)
def test_expiry_must_be_after_today_and_within_a_year(member_a, days, field):
    with schema_context(member_a.unit.schema_name), pytest.raises(ApplicationError) as refused:
        token_create(user=member_a.user, name="x", expires_on=today() + timedelta(days=days))
    assert refused.value.extra["field"] == field


def test_a_year_ahead_is_allowed_and_a_name_is_required(member_a):
    with schema_context(member_a.unit.schema_name):
        token, _key = token_create(user=member_a.user, name=" Báo cáo ", expires_on=today() + timedelta(days=365))
        assert token.name == "Báo cáo"
        with pytest.raises(ApplicationError) as refused:
            token_create(user=member_a.user, name="  ")
    assert refused.value.extra["field"] == "name"


def test_a_key_authenticates_until_revoked(member_a):
    with schema_context(member_a.unit.schema_name):
        token, key = token_create(user=member_a.user, name="x")
        assert token_authenticate(key=key).user == member_a.user
        assert ApiToken.objects.get(pk=token.pk).last_used_at is not None
        token_revoke(token=token, actor=member_a.user)
        with pytest.raises(TokenRefused, match="revoked"):
            token_authenticate(key=key)


def test_a_wrong_secret_behind_a_known_prefix_is_refused(member_a):
    with schema_context(member_a.unit.schema_name):
        _token, key = token_create(user=member_a.user, name="x")
        forged = key[:8] + ("A" if key[8] != "A" else "B") + key[9:]
        for wrong in (forged, key[:-1], key + "x", ""):
            with pytest.raises(TokenRefused, match="not valid"):
                token_authenticate(key=wrong)


def test_an_expired_key_or_a_disabled_account_is_refused(member_a):
    with schema_context(member_a.unit.schema_name):
        token, key = token_create(user=member_a.user, name="x")
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
        with pytest.raises(TokenRefused, match="expired"):
            token_authenticate(key=key)
        _token, other = token_create(user=member_a.user, name="y")
        member_a.user.is_active = False
        member_a.user.save(update_fields=["is_active"])
        with pytest.raises(TokenRefused, match="disabled"):
            token_authenticate(key=other)


def test_only_the_owner_revokes_a_key(member_a, make_member):
    colleague = make_member(member_a.unit, username="dong_nghiep", roles=("unit_admin",))
    with schema_context(member_a.unit.schema_name):
        token, key = token_create(user=member_a.user, name="x")
        with pytest.raises(PermissionDeniedError):
            token_revoke(token=token, actor=colleague.user)
        assert token_authenticate(key=key).pk == token.pk


def test_keys_made_before_the_second_factor_are_revoked_once_by_the_migration(unit_a, member_a, make_member):
    """accounts 0005: an administrator's key from before the second factor existed stops working;
    an officer's, whose role needs none, keeps working."""
    from importlib import import_module

    from django.apps import apps

    admin = make_member(unit_a, roles=("unit_admin",), username="quan_tri_cu")
    migration = import_module("core.accounts.migrations.0005_revoke_keys_made_before_second_factor")
    with schema_context(unit_a.schema_name):
        _old, admin_key = token_create(user=admin.user, name="Khóa cũ")
        _kept, officer_key = token_create(user=member_a.user, name="Khóa cán bộ")
        migration.revoke(apps, None)
        with pytest.raises(TokenRefused, match="revoked"):
            token_authenticate(key=admin_key)
        assert token_authenticate(key=officer_key).user == member_a.user
