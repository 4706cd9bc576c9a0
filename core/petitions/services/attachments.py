"""Scans and documents a petition carries, stored in the unit's own media folder; a sealed
denunciation's scans are sealed too."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.accounts.access import require_perm
from core.common.errors import ApplicationError, PermissionDeniedError
from core.common.text import nfc

from .. import deadlines
from ..choices import EventKind
from ..models import Attachment, Petition, SealedIdentityAccess
from .events import event_record

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


#: The files a petition may carry, by extension, with the content type they are served with.
ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}


def _check_attachment_access(petition: Petition, actor, reason: str) -> str:
    """Scans of a sealed denunciation show the denouncer's handwriting and name: they are sealed too."""
    if not petition.is_confidential:
        return ""
    if not actor.has_perm("petitions.read_sealed_identity"):
        raise PermissionDeniedError(_("Only officers cleared for sealed identities may read them."))
    reason = nfc(reason or "")
    if len(reason) < 10:
        raise ApplicationError(
            _("State why you need the identity (at least 10 characters)."), extra={"field": "reason"}
        )
    return reason


def _check_upload(uploaded_file) -> str:
    name = nfc(uploaded_file.name or "")
    if not name.lower().endswith(tuple(ATTACHMENT_TYPES)):
        raise ApplicationError(
            _("“%(name)s” was not attached: attach PDF, image or word-processor files only.") % {"name": name},
            extra={"field": "file"},
        )
    if uploaded_file.size > MAX_ATTACHMENT_BYTES:
        raise ApplicationError(
            _("“%(name)s” was not attached: a file may be at most 20 MB.") % {"name": name}, extra={"field": "file"}
        )
    return name


def attachment_add(*, petition: Petition, actor, uploaded_file) -> Attachment:
    """Store a scan or document with the petition, in the unit's own media folder."""
    return attachments_add(petition=petition, actor=actor, uploaded_files=[uploaded_file])[0]


@transaction.atomic
def attachments_add(*, petition: Petition, actor, uploaded_files) -> list[Attachment]:
    """Store several scans at once: all or none, every file checked before anything is written."""
    require_perm(actor, "petitions.register_petition")
    if not uploaded_files:
        raise ApplicationError(_("Choose a file."), extra={"field": "file"})
    names = [_check_upload(uploaded_file) for uploaded_file in uploaded_files]
    attachments = []
    for name, uploaded_file in zip(names, uploaded_files, strict=True):
        attachment = Attachment(petition=petition, name=name[:255], uploaded_by=actor)
        attachment.file.save(name, uploaded_file, save=False)
        attachment.save()
        event_record(
            petition,
            kind=EventKind.ATTACHMENT_ADDED,
            actor=actor,
            on=deadlines.today(),
            data={"attachment": attachment.pk},
        )
        attachments.append(attachment)
    return attachments


@transaction.atomic
def attachment_open(*, petition: Petition, attachment_id: int, actor, reason: str = ""):
    """The attachment, for reading; for a sealed denunciation only with clearance, audited."""
    reason = _check_attachment_access(petition, actor, reason)
    attachment = petition.attachments.get(pk=attachment_id)
    if reason:
        SealedIdentityAccess.objects.create(petition=petition, user=actor, reason=f"[{attachment.name}] {reason}")
    return attachment
