"""The unit administrator's certificate: upload through the page, checked, stored only encrypted,
registered on the platform, audited; replaced and revoked; never another unit's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django_tenants.utils import schema_context

from core.accounts.models import AuditEntry
from core.signing.models import SigningCertificate
from core.signing_registry.models import RegisteredCertificate

from .certs import PASSWORD, fingerprint, make_certificate, pkcs12_bytes
from .conftest import upload

pytestmark = pytest.mark.django_db


def test_the_unit_admin_uploads_the_certificate_stored_only_encrypted_and_registered(admin_a, certificate_a):
    certificate, p12 = certificate_a
    client = admin_a.web()
    response = upload(client, admin_a, p12)
    assert response.status_code == 302, response.content.decode()[:2000]
    with schema_context(admin_a.unit.schema_name):
        stored = SigningCertificate.objects.get()
        assert stored.is_active
        assert stored.fingerprint == fingerprint(certificate)
        bundle = bytes(stored.sealed_bundle)
        # Neither the file nor its password is in the row in clear (nor base64-encoded).
        import base64

        assert p12 not in bundle
        assert base64.b64encode(p12)[:40] not in bundle
        assert PASSWORD.encode() not in bundle
        audit = AuditEntry.objects.filter(kind="signing.certificate_uploaded").get()
        assert audit.target == stored.fingerprint
        assert audit.actor == admin_a.user.username
        assert PASSWORD not in str(audit.data)
    registered = RegisteredCertificate.objects.get(fingerprint=fingerprint(certificate))
    assert registered.unit_code == admin_a.unit.code
    assert registered.revoked_at is None
    page = client.get(admin_a.url("ky-so/"))
    assert page.status_code == 200
    assert stored.fingerprint in page.content.decode()


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda key, cert: (pkcs12_bytes(key, cert), "wrong password"), "password"),
        (lambda key, cert: (b"%PDF-1.7 not a certificate", PASSWORD), "certificate"),
        (lambda key, cert: (b"\x00" * 64, PASSWORD), "certificate"),
        (lambda key, cert: (pkcs12_bytes(key, cert, with_key=False), PASSWORD), "certificate"),
    ],
    ids=["wrong-password", "not-pkcs12", "nul-bytes", "no-private-key"],
)
def test_a_bad_upload_is_a_400_on_its_field_and_stores_nothing(admin_a, make, field):
    key, cert = make_certificate()
    data, password = make(key, cert)
    response = upload(admin_a.web(), admin_a, data, password)
    assert response.status_code == 400
    assert response.context["upload_form"].errors.get(field), response.context["upload_form"].errors
    with schema_context(admin_a.unit.schema_name):
        assert not SigningCertificate.objects.exists()
        assert not AuditEntry.objects.filter(kind="signing.certificate_uploaded").exists()
    assert not RegisteredCertificate.objects.filter(unit_code=admin_a.unit.code).exists()


@pytest.mark.parametrize(
    "kwargs",
    [{"days": 10, "starts": timedelta(days=-30)}, {"days": 30, "starts": timedelta(days=5)}, {"signing": False}],
    ids=["expired", "not-yet-valid", "not-for-signing"],
)
def test_a_certificate_that_cannot_sign_now_is_refused(admin_a, kwargs):
    key, cert = make_certificate(**kwargs)
    response = upload(admin_a.web(), admin_a, pkcs12_bytes(key, cert))
    assert response.status_code == 400
    assert response.context["upload_form"].errors["certificate"]
    with schema_context(admin_a.unit.schema_name):
        assert not SigningCertificate.objects.exists()


def test_an_ecdsa_certificate_without_password_is_accepted(admin_a):
    key, cert = make_certificate(key_kind="ec")
    response = upload(admin_a.web(), admin_a, pkcs12_bytes(key, cert, password=""), password="")
    assert response.status_code == 302
    with schema_context(admin_a.unit.schema_name):
        assert SigningCertificate.objects.get().fingerprint == fingerprint(cert)


def test_replacing_revokes_the_previous_one_everywhere_and_revoking_is_audited(admin_a, certificate_a):
    first, p12 = certificate_a
    client = admin_a.web()
    assert upload(client, admin_a, p12).status_code == 302
    key, second = make_certificate("UBND xã Tân Đoàn (2027)")
    assert upload(client, admin_a, pkcs12_bytes(key, second)).status_code == 302
    assert RegisteredCertificate.objects.get(fingerprint=fingerprint(first)).revoked_at is not None
    assert RegisteredCertificate.objects.get(fingerprint=fingerprint(second)).revoked_at is None
    # A revoked certificate cannot come back.
    assert upload(client, admin_a, p12).status_code == 409
    # Revoking needs a reason.
    assert client.post(admin_a.url("ky-so/thu-hoi/"), {"reason": "x"}).status_code == 400
    assert client.post(admin_a.url("ky-so/thu-hoi/"), {"reason": "Mất thiết bị lưu khoá"}).status_code == 302
    with schema_context(admin_a.unit.schema_name):
        assert not SigningCertificate.objects.filter(is_active=True).exists()
        kinds = list(AuditEntry.objects.filter(kind__startswith="signing.").values_list("kind", flat=True))
    assert kinds.count("signing.certificate_uploaded") == 2
    assert kinds.count("signing.certificate_revoked") == 2
    assert RegisteredCertificate.objects.get(fingerprint=fingerprint(second)).revoked_at is not None


def test_only_the_unit_admin_reaches_the_certificate_page(member_a, certificate_a):
    client = member_a.web()
    assert client.get(member_a.url("ky-so/")).status_code == 403
    assert upload(client, member_a, certificate_a[1]).status_code == 403
    with schema_context(member_a.unit.schema_name):
        assert not SigningCertificate.objects.exists()


def test_isolation_unit_b_neither_sees_nor_takes_unit_a_certificate(admin_a, admin_b, certificate_a):
    certificate, p12 = certificate_a
    assert upload(admin_a.web(), admin_a, p12).status_code == 302
    client_b = admin_b.web()
    page = client_b.get(admin_b.url("ky-so/"))
    assert page.status_code == 200
    assert fingerprint(certificate) not in page.content.decode()
    assert page.context["current"] is None
    assert page.context["history"] == []
    # The same file uploaded at unit B: refused, A's registration untouched.
    refused = upload(client_b, admin_b, p12)
    assert refused.status_code == 409
    with schema_context(admin_b.unit.schema_name):
        assert not SigningCertificate.objects.exists()
    # B revoking touches nothing of A's (B has none).
    assert client_b.post(admin_b.url("ky-so/thu-hoi/"), {"reason": "Thử thu hồi của đơn vị khác"}).status_code == 409
    registered = RegisteredCertificate.objects.get(fingerprint=fingerprint(certificate))
    assert registered.unit_code == admin_a.unit.code
    assert registered.revoked_at is None
    # A's session means nothing at B's page.
    assert admin_a.web().get(admin_b.url("ky-so/")).status_code in (302, 403)


def test_a_unit_bundle_opens_only_with_that_unit_key(unit_a, unit_b):
    from core.signing.keys import bundle_open, bundle_seal

    token = bundle_seal(p12=b"\x30\x82p12", password=PASSWORD, schema_name=unit_a.schema_name)
    assert bundle_open(token, schema_name=unit_a.schema_name) == (b"\x30\x82p12", PASSWORD)
    with pytest.raises(PermissionError):
        bundle_open(token, schema_name=unit_b.schema_name)
