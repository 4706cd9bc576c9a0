"""The kinds of document a unit issues: one table, in code, because what a kind may contain is a
rule of law and not a setting.

A step service names the kind (``document_issue(kind="complaint.acceptance_notice", …)``); the
form that lays it out is data (``core.documents.forms``), chosen by the kind and the step's date.
Each kind says

* ``doc_type``: the abbreviation of the type of document in its number's symbol (NĐ 30/2020
  Appendix III: TB thông báo, QĐ quyết định, PC phiếu chuyển, BB biên bản…; empty for a công văn,
  whose symbol is the issuing body's alone). The unit administrator may change each kind's symbol;
  this is only the default.
* ``may_name_denouncer``: the document is addressed to the denouncer and may carry their identity
  (Denunciations Law Arts. 24(2), 29(3), 35(3)). No other kind may: the engine refuses a
  ``denouncer`` for them (Art. 47; domain.md §8), and documents that do name one are opened only by
  officers cleared for sealed identities.

Kinds marked ``[U]`` in their comment have a form number or title domain.md §4.7 could not verify.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DocumentKind:
    code: str
    label: str | Promise
    doc_type: str
    may_name_denouncer: bool = False


def _kinds(*kinds: DocumentKind) -> dict[str, DocumentKind]:
    return {kind.code: kind for kind in kinds}


KINDS: dict[str, DocumentKind] = _kinds(
    # Citizen reception: NĐ 154/2026 from 1/7/2026, TT 04/2021 before (domain.md §4.7).
    DocumentKind("reception.refusal_notice", _("Notice refusing reception (01/TCD)"), "TB"),
    DocumentKind("reception.receipt", _("Receipt for information and documents (02/TCD)"), "GBN"),
    DocumentKind("reception.session_notice", _("Notice of the conclusions of a reception session"), "TB"),
    # Petition processing: TT 05/2021 (forms 01–03 confirmed; the others [U]).
    DocumentKind("petition.acceptance_proposal", _("Acceptance proposal (Form 01)"), "PĐX"),
    DocumentKind("petition.guidance", _("Guidance slip (Form 02)"), "PHD"),
    DocumentKind("petition.denunciation_forwarding", _("Forwarding slip for a denunciation (Form 03)"), "PC"),
    DocumentKind(
        "petition.denunciation_forwarding_notice",
        _("Notice to the denouncer that the denunciation was forwarded"),
        "TB",
        may_name_denouncer=True,
    ),
    DocumentKind("petition.forwarding", _("Forwarding slip for a complaint, recommendation or feedback"), "PC"),
    DocumentKind("petition.return", _("Letter returning a petition"), ""),
    DocumentKind("petition.reminder", _("Reminder to resolve a petition"), ""),
    # The citizen's receipt for a petition sent online (core.intake) [U]: no form found in the law.
    DocumentKind("petition.online_receipt", _("Receipt for a petition sent online"), "GBN"),
    # Addressed to the sender, who is sealed like a denouncer (a mixed letter holds a denunciation).
    DocumentKind(
        "petition.mixed_guidance", _("Guidance on a letter with mixed contents"), "PHD", may_name_denouncer=True
    ),
    # Complaints: NĐ 124/2020, NĐ 155/2026 from 1/7/2026.
    DocumentKind("complaint.acceptance_notice", _("Notice of acceptance of a complaint"), "TB"),
    DocumentKind("complaint.non_acceptance_notice", _("Notice of non-acceptance of a complaint"), "TB"),
    DocumentKind("complaint.verification_decision", _("Decision assigning verification"), "QĐ"),
    DocumentKind("complaint.dialogue_minutes", _("Dialogue minutes (Form 14)"), "BB"),
    DocumentKind("complaint.suspension_decision", _("Decision suspending or terminating (Form 14a)"), "QĐ"),
    DocumentKind("complaint.resumption_decision", _("Decision resuming the resolution (Form 14b)"), "QĐ"),
    DocumentKind("complaint.resolution_decision", _("Complaint resolution decision"), "QĐ"),
    DocumentKind("complaint.publication_minutes", _("Record of the publication of a decision"), "BB"),
    # Denunciations: NĐ 31/2019, NĐ 156/2026 from 1/7/2026.
    DocumentKind("denunciation.acceptance_decision", _("Decision accepting a denunciation (Form 04)"), "QĐ"),
    DocumentKind(
        "denunciation.acceptance_notice",
        _("Notice of acceptance to the denouncer (Form 05)"),
        "TB",
        may_name_denouncer=True,
    ),
    DocumentKind("denunciation.content_notice", _("Notice of the content to the accused (Form 06)"), "TB"),
    DocumentKind("denunciation.extension_decision", _("Decision extending the time limit (Form 01)"), "QĐ"),
    DocumentKind("denunciation.refusal_notice", _("Notice refusing a denunciation"), "TB", may_name_denouncer=True),
    DocumentKind("denunciation.conclusion", _("Conclusion on the denunciation (Form 12)"), "KL"),
    DocumentKind(
        "denunciation.result_notice",
        _("Notice of the result to the denouncer"),
        "TB",
        may_name_denouncer=True,
    ),
    DocumentKind("denunciation.handling_decision", _("Decision handling the conclusion"), "QĐ"),
)


def kind_get(code: str) -> DocumentKind:
    """The kind named ``code``; a name not in the table is a programming error."""
    try:
        return KINDS[code]
    except KeyError:
        raise LookupError(f"unknown document kind {code!r}: add it to core/documents/kinds.py") from None


def kind_choices() -> list[tuple[str, str | Promise]]:
    return [(kind.code, kind.label) for kind in KINDS.values()]
