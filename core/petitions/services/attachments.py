"""Scans and documents a petition carries, stored in the unit's own media folder; a sealed
denunciation's scans are sealed too."""

from __future__ import annotations

import os
import zipfile
from pathlib import PurePath

import filetype
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


#: What the content of a file named with each extension must be, as ``filetype`` (magic bytes)
#: recognises it: the name says what the file claims to be, the content decides.
CONTENT_KINDS = {
    ".pdf": {"pdf"},
    ".jpg": {"jpg"},
    ".jpeg": {"jpg"},
    ".png": {"png"},
    ".tif": {"tif"},
    ".tiff": {"tif"},
    ".doc": {"doc"},
    ".docx": {"docx"},
    ".odt": {"odt"},
}
#: The bytes ``filetype`` needs to recognise every kind above.
_HEAD_BYTES = 8192
#: The compound-file header of Word 97–2003 documents, whose inner layout ``filetype`` does not
#: always recognise.
_OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _zip_kind(uploaded_file) -> str:
    """A ZIP file's kind by its entries, for a DOCX or ODT whose first bytes ``filetype`` reads as a
    plain ZIP (the order of the entries is the writer's choice)."""
    try:
        uploaded_file.seek(0)
        with zipfile.ZipFile(uploaded_file) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names:
                # Read no more than the expected bytes: a 20 MB upload can inflate to gigabytes.
                with archive.open("mimetype") as entry:
                    if entry.read(len(_ODT_MIMETYPE) + 2).strip() == _ODT_MIMETYPE:
                        return "odt"
    # NotImplementedError: an unknown compression method; RuntimeError: an encrypted entry.
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, NotImplementedError, RuntimeError):
        return ""
    finally:
        uploaded_file.seek(0)
    return ""


def content_kind(uploaded_file) -> str:
    """What the file's content is (``pdf``, ``png``, ``docx``…), or "" when it is none of the kinds
    a petition may carry: read from its first bytes, whatever its name says."""
    uploaded_file.seek(0)
    head = uploaded_file.read(_HEAD_BYTES)
    uploaded_file.seek(0)
    guessed = filetype.guess(head)
    kind = guessed.extension if guessed is not None else ""
    if kind == "zip":
        return _zip_kind(uploaded_file)
    if not kind and head.startswith(_OLE2):
        return "doc"
    return kind


def _check_upload(uploaded_file) -> str:
    """The file's name once its extension, size and content are acceptable; every upload (staff's
    and citizens') goes through here."""
    name = nfc(uploaded_file.name or "")
    extension = os.path.splitext(name.lower())[1]
    if extension not in ATTACHMENT_TYPES:
        raise ApplicationError(
            _("“%(name)s” was not attached: attach PDF, image or word-processor files only.") % {"name": name},
            extra={"field": "file"},
        )
    if uploaded_file.size > MAX_ATTACHMENT_BYTES:
        raise ApplicationError(
            _("“%(name)s” was not attached: a file may be at most 20 MB.") % {"name": name}, extra={"field": "file"}
        )
    if content_kind(uploaded_file) not in CONTENT_KINDS[extension]:
        raise ApplicationError(
            _(
                "“%(name)s” was not attached: its content is not a %(kind)s file, whatever its name says. "
                "Attach the scan or document itself (PDF, image or word-processor file)."
            )
            % {"name": name, "kind": extension.lstrip(".").upper()},
            extra={"field": "file"},
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
        # A scan's file name often carries its sender's: a sealed petition's files are stored under a
        # neutral one, so the name is read only where the sealed regime lets it (``Attachment.name``).
        stored = f"tai-lieu{PurePath(name).suffix.lower()}" if petition.is_confidential else name
        attachment.file.save(stored, uploaded_file, save=False)
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
