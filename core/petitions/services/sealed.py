"""Reading a sealed denouncer's identity: cleared officers only, with a reason, every read audited."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.common.errors import ApplicationError, PermissionDeniedError
from core.common.text import nfc

from .. import sealing
from ..models import Petition, SealedIdentity, SealedIdentityAccess


@transaction.atomic
def sealed_identity_read(*, petition: Petition, actor, reason: str) -> dict:
    """The denouncer's identity, for a holder of ``read_sealed_identity``; every read is audited."""
    if not actor.has_perm("petitions.read_sealed_identity"):
        raise PermissionDeniedError(_("Only officers cleared for sealed identities may read them."))
    reason = nfc(reason or "")
    if len(reason) < 10:
        raise ApplicationError(
            _("State why you need the identity (at least 10 characters)."), extra={"field": "reason"}
        )
    sealed = SealedIdentity.objects.filter(petition=petition).first()
    if sealed is None:
        raise ApplicationError(_("This petition has no sealed identity."))
    SealedIdentityAccess.objects.create(petition=petition, user=actor, reason=reason)
    return sealing.unseal(sealed.ciphertext, key_version=sealed.key_version)
