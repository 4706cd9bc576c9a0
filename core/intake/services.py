"""Receiving a petition a citizen sends online (issue 12, point 1): from the unit's form
(``web.intake``) or an Open311 client (``source="open311"``).

``submission_receive`` registers the petition in channel ``online``, received today, through the
same ``petition_register`` as the desk, acting as the unit's portal account (``portal_account``),
with the citizen's identity, contact and files, and issues the citizen's receipt; all in one
transaction, or nothing. A denunciation (or a letter mixing one) is sealed from the first byte:
``petition_register`` seals the sender, the contact goes to ``contact_record`` which seals it, the
files are renamed so a file name cannot name anyone, and the receipt names no one.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection as db_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.selectors import SYSTEM_USERNAME_PREFIX
from core.common.errors import ApplicationError
from core.common.text import nfc
from core.documents.models import IssuedDocument
from core.documents.services import document_issue
from core.notifications.services.contacts import contact_record
from core.petitions import deadlines
from core.petitions.choices import SEALED_SENDER_TYPES, Channel, PetitionType, SignerKind
from core.petitions.identity_documents import IdKind, id_number_validate
from core.petitions.models import Petition
from core.petitions.services.attachments import attachments_add
from core.petitions.services.petitions import petition_register

from .fingerprints import submission_fingerprint
from .issuing import receipt_context
from .limits import submission_count
from .models import PortalAccount, Source, Submission

#: The portal account's username: a colon is not allowed in the usernames staff are given (Django's
#: username validator), so no officer's account can ever be taken for it.
PORTAL_USERNAME = f"{SYSTEM_USERNAME_PREFIX}online-portal"
PORTAL_NAME = "Cổng tiếp nhận đơn trực tuyến"
#: The same letter sent again within this time returns the first receipt instead of a new petition.
DUPLICATE_WINDOW = timedelta(hours=24)
#: What the online form accepts (a citizen writes for themselves; a group's letter goes by post or
#: to the desk, where its representatives are recorded).
MAX_SUBJECT = 500
MAX_CONTENT = 20_000
MAX_ATTACHMENTS = 10
RECEIPT_KIND = "petition.online_receipt"


@dataclass(frozen=True)
class Received:
    """What the citizen is told: the petition and its receipt. ``duplicate``: the same letter had
    been sent in the last 24 hours, and this is that first receipt (no new petition)."""

    petition: Petition
    receipt: IssuedDocument | None
    duplicate: bool = False


@transaction.atomic
def portal_account() -> PortalAccount:
    """The unit's portal account, created the first time it is needed (idempotent; concurrent first
    submissions meet at the unique username)."""
    account = PortalAccount.objects.select_related("user").first()
    if account is not None:
        if account.user.is_active:  # switched on by hand on the staff page: it never logs in
            account.user.is_active = False
            account.user.save(update_fields=["is_active"])
        return account
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=PORTAL_USERNAME, defaults={"is_active": False, "full_name": PORTAL_NAME}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    account, _created = PortalAccount.objects.get_or_create(user=user)
    return account


def _clean_identity(id_kind: str, id_number: str, full_name: str, *, source: str = Source.WEB) -> tuple[str, str]:
    if source == Source.OPEN311 and id_kind == IdKind.NONE and not id_number:
        # GeoReport v2 carries no identity document, only the sender's name (Reception Law Art. 7(2):
        # a name and an address, or a document); core.open311 requires the name. (Edit by open311.)
        if not full_name:
            raise ApplicationError(_("Give your full name."), extra={"field": "full_name"})
        return IdKind.NONE, ""
    if id_kind not in (IdKind.CCCD, IdKind.CMND, IdKind.PASSPORT):
        raise ApplicationError(_("Choose your identity document."), extra={"field": "id_kind"})
    try:
        number = id_number_validate(id_kind, id_number)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), extra={"field": "id_number"}) from exc
    if not full_name:
        raise ApplicationError(_("Give your full name."), extra={"field": "full_name"})
    return id_kind, number


def _check_text(subject: str, content: str, petition_type: str) -> None:
    if petition_type not in PetitionType.values:
        raise ApplicationError(_("Choose the type of your petition."), extra={"field": "petition_type"})
    if not subject:
        raise ApplicationError(_("Say briefly what your petition is about."), extra={"field": "subject"})
    if len(subject) > MAX_SUBJECT:
        raise ApplicationError(
            _("The subject may be at most %(count)d characters.") % {"count": MAX_SUBJECT}, extra={"field": "subject"}
        )
    if not content:
        raise ApplicationError(_("Write the content of your petition."), extra={"field": "content"})
    if len(content) > MAX_CONTENT:
        raise ApplicationError(
            _("The content may be at most %(count)d characters.") % {"count": MAX_CONTENT}, extra={"field": "content"}
        )


def _lock(fingerprint: str) -> None:
    """Serialise submissions of the same letter (two clicks, two tabs) until this transaction ends,
    so the second finds the first instead of registering a twin."""
    with db_connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"intake:{fingerprint}"])


def _neutral_names(files: Sequence[UploadedFile]) -> None:
    """A sealed sender's files get neutral names: a file name is the citizen's own text and may
    carry their name ("don-to-cao-nguyen-van-a.pdf"). Only the extension is kept."""
    for number, uploaded in enumerate(files, start=1):
        extension = os.path.splitext(uploaded.name or "")[1].lower()
        uploaded.name = f"tai-lieu-{number:02d}{extension}"


@transaction.atomic
def submission_receive(
    *,
    petition_type: str,
    field_code: str,
    subject: str,
    content: str,
    full_name: str,
    id_kind: str = IdKind.CCCD,
    id_number: str,
    address_street: str = "",
    email: str = "",
    phone: str = "",
    contact_consent: bool = False,
    attachments: Sequence[UploadedFile] = (),
    source: str = Source.WEB,
    client_address: str = "",
) -> Received:
    """Register what a citizen sends online, in channel ``online``, received today, with its receipt.

    ``id_kind``/``id_number``: the sender's identity document (a CCCD is checked as at the desk);
    ``email``/``phone``: how to tell them, kept only with ``contact_consent``; ``attachments``:
    uploaded files, checked by content (``core.petitions.services.attachments``), all or none;
    ``source``: ``"web"`` (the unit's form) or ``"open311"``; ``client_address``: the client's IP
    address as the caller sees it, counted (never stored) against the platform-wide limit of
    ``core.intake.limits`` — ``""`` when the caller limits its clients itself (an Open311 key).

    The same type, field, subject, content and sender (identity document, or the name without one)
    sent to this unit again within 24 hours returns the first petition and receipt
    (``Received.duplicate``).

    Refusals are ``ApplicationError`` naming the argument at fault (429 beyond the limit).
    """
    if source not in Source.values:
        raise ValueError(f"unknown source {source!r}")
    if client_address:
        submission_count(client_address)
    subject, content, full_name, address_street = nfc([subject, content, full_name, address_street])
    subject, content, full_name, address_street = (
        (subject or "").strip(),
        (content or "").strip(),
        (full_name or "").strip(),
        (address_street or "").strip(),
    )
    _check_text(subject, content, petition_type)
    id_kind, id_number = _clean_identity(id_kind, id_number, full_name, source=source)
    if len(attachments) > MAX_ATTACHMENTS:
        raise ApplicationError(
            _("Attach at most %(count)d files.") % {"count": MAX_ATTACHMENTS}, extra={"field": "attachments"}
        )

    fingerprint = submission_fingerprint(
        petition_type=petition_type,
        field_code=field_code,
        subject=subject,
        content=content,
        id_kind=id_kind,
        id_number=id_number,
        full_name=full_name,
    )
    _lock(fingerprint)
    earlier = (
        Submission.objects.filter(fingerprint=fingerprint, submitted_at__gte=timezone.now() - DUPLICATE_WINDOW)
        .select_related("petition", "receipt_document")
        .order_by("submitted_at")
        .first()
    )
    if earlier is not None:
        return Received(petition=earlier.petition, receipt=earlier.receipt_document, duplicate=True)

    actor = portal_account().user
    signer = {
        "full_name": full_name,
        "id_kind": id_kind,
        "id_number": id_number,
        "address_street": address_street,
        "is_representative": False,
    }
    petition = petition_register(
        actor=actor,
        channel=Channel.ONLINE,
        received_date=deadlines.today(),
        petition_type=petition_type,
        field_code=field_code,
        subject=subject,
        summary=content,
        signer_kind=SignerKind.ONE,
        signers=[signer],
    )
    contact_record(petition=petition, email=email, phone=phone, consent=bool(contact_consent))
    files = list(attachments)
    if files:
        if petition.is_confidential or petition_type in SEALED_SENDER_TYPES:
            _neutral_names(files)
        try:
            stored = attachments_add(petition=petition, actor=actor, uploaded_files=files)
        except ApplicationError as exc:
            exc.extra["field"] = "attachments"
            raise
    else:
        stored = []
    receipt = document_issue(
        kind=RECEIPT_KIND,
        on_date=petition.received_date,
        actor=actor,
        context=receipt_context(petition, [attachment.name for attachment in stored]),
        subject=petition,
        kinh_gui=[],
        recipients=[],
        # The receipt goes to the citizen who sent it: it opens for them (their session) and for
        # staff as any document of the case does; a sealed one names no one (issuing.py).
    )
    Submission.objects.create(petition=petition, source=source, fingerprint=fingerprint, receipt_document=receipt)
    return Received(petition=petition, receipt=receipt)
