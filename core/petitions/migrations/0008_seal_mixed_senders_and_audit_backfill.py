"""Two data steps, in every unit's schema:

1. Letters of mixed contents (a complaint or recommendation together with a denunciation) now seal
   their senders at registration, as denunciations do. The ones registered before are sealed here:
   their senders' identities are encrypted with the unit's key into a ``SealedIdentity``, their
   signer links and (when nothing else refers to them) citizen records removed, the search text
   emptied of their names, and the documents already issued for them opened to cleared officers
   only (they may name the sender).
2. The audit records kept before the tamper-evident log (role changes, sealed-identity reads) are
   carried into the unit's chain, oldest first, with their original time, marked ``migrated``.
"""

from django.db import migrations

from core.accounts.audit import GENESIS, _plain, entry_hash


def _table_exists(connection, table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f"{connection.schema_name}.{table}"])
        return cursor.fetchone()[0]


def _seal_mixed(apps, schema_editor):
    from core.petitions import sealing

    connection = schema_editor.connection
    Petition = apps.get_model("petitions", "Petition")
    Signer = apps.get_model("petitions", "Signer")
    SealedIdentity = apps.get_model("petitions", "SealedIdentity")
    has_visits = _table_exists(connection, "reception_visitcitizen")
    has_documents = _table_exists(connection, "documents_issueddocument")
    mixed = Petition.objects.filter(petition_type="mixed", is_confidential=False).exclude(signer_kind="anonymous")
    for petition in mixed:
        links = list(Signer.objects.filter(petition=petition).select_related("citizen").order_by("id"))
        signers = [
            {
                "full_name": link.citizen.full_name,
                "id_kind": link.citizen.id_kind,
                "id_number": link.citizen.id_number,
                "address_unit_code": link.citizen.address_unit_code,
                "address_street": link.citizen.address_street,
                "phone": link.citizen.phone,
                "is_representative": link.is_representative,
            }
            for link in links
        ]
        SealedIdentity.objects.create(petition=petition, ciphertext=sealing.seal({"signers": signers}))
        Signer.objects.filter(petition=petition).delete()
        for link in links:
            if Signer.objects.filter(citizen_id=link.citizen_id).exists():
                continue
            if has_visits:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1 FROM reception_visitcitizen WHERE citizen_id = %s LIMIT 1", [link.citizen_id])
                    if cursor.fetchone():
                        continue
            link.citizen.delete()
        Petition.objects.filter(pk=petition.pk).update(is_confidential=True, senders_text="")
        if has_documents:
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE documents_issueddocument SET names_denouncer = true"
                    " WHERE subject_type = 'petitions.petition' AND subject_id = %s",
                    [petition.pk],
                )


def _audit_backfill(apps, schema_editor):
    AuditEntry = apps.get_model("accounts", "AuditEntry")
    RoleChange = apps.get_model("accounts", "RoleChange")
    SealedIdentityAccess = apps.get_model("petitions", "SealedIdentityAccess")
    records = []
    for change in RoleChange.objects.select_related("user", "actor"):
        records.append(
            (
                change.at,
                "role.granted" if change.granted else "role.removed",
                change.actor.username if change.actor_id else "",
                change.user.username,
                {"role": change.role, "approved_by": "", "migrated": True},
            )
        )
    for read in SealedIdentityAccess.objects.select_related("user", "petition"):
        records.append(
            (
                read.at,
                "sealed.read",
                read.user.username,
                str(read.petition.case_id),
                {"registry_number": read.petition.registry_number, "reason": read.reason, "read": read.pk, "migrated": True},
            )
        )
    last = AuditEntry.objects.order_by("-seq").values("seq", "hash").first()
    seq, prev = (last["seq"], last["hash"]) if last else (0, GENESIS)
    for at, kind, actor, target, data in sorted(records, key=lambda record: record[0]):
        seq += 1
        row = {"seq": seq, "at": at, "kind": kind, "actor": actor, "target": target, "data": _plain(data)}
        digest = entry_hash(prev, **row)
        AuditEntry.objects.create(**row, prev_hash=prev, hash=digest)
        prev = digest


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0007_deadline_extension_days"),
        ("accounts", "0004_audit_chain_and_role_requests"),
    ]

    operations = [
        migrations.RunPython(_seal_mixed, migrations.RunPython.noop),
        migrations.RunPython(_audit_backfill, migrations.RunPython.noop),
    ]
