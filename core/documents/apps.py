from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """A unit's outgoing documents: the register, the symbols, every document issued (unit schema)."""

    name = "core.documents"
    label = "documents"
    verbose_name = _("Documents")
