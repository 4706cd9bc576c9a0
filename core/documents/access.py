"""Who may open a document (its files, addressees and recipients), beyond being a member of the
unit with the right to see its register.

A document of a sealed denunciation opens only for those who may see the case; one that names the
denouncer (a notice addressed to them) only for officers cleared for sealed identities
(Denunciations Law Art. 47; domain.md §8). The register lists both, numbered like every other, by
number, title and date alone.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

VIEW = "documents.view_issueddocument"
CASE = "petitions.view_petition"
SEALED = "petitions.read_sealed_identity"


def document_may_open(user, document) -> bool:
    if not user.has_perm(VIEW):
        return False
    if document.names_denouncer and not user.has_perm(SEALED):
        return False
    return not (document.subject_sealed and not user.has_perm(CASE))


def document_refusal(user, document) -> str:
    """Why ``user`` may not open ``document`` (a sentence for the 403), or "" when they may."""
    if not user.has_perm(VIEW):
        return _("You do not have the right to do this.")
    if document.names_denouncer and not user.has_perm(SEALED):
        # The same words as the sealed identity page: the document carries that identity.
        return _("Only officers cleared for sealed identities may read them.")
    if document.subject_sealed and not user.has_perm(CASE):
        return _("This document belongs to a sealed denunciation: only those who may see the case may open it.")
    return ""
