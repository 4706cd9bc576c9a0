"""The permissions of the online portal's account (``PortalAccount``).

Django's ``ModelBackend`` gives an inactive account no permission at all, which is what keeps a
disabled officer out; the portal's account is inactive on purpose (nobody logs in as it), so this
backend grants it exactly ``PORTAL_PERMISSIONS`` and nothing else: it can register a petition
and attach files, never read, process or decide one. It authenticates no one.
"""

from __future__ import annotations

from django.contrib.auth.backends import BaseBackend

#: What the portal does: register what a citizen sends, with the files they attach.
PORTAL_PERMISSIONS = frozenset({"petitions.register_petition"})


class PortalAccountBackend(BaseBackend):
    def authenticate(self, request, **credentials):
        return None

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if obj is not None or user_obj.is_anonymous or user_obj.is_active:
            return set()
        cached = getattr(user_obj, "_portal_perm_cache", None)
        if cached is None:
            from .models import PortalAccount

            is_portal = PortalAccount.objects.filter(user_id=user_obj.pk).exists()
            cached = set(PORTAL_PERMISSIONS) if is_portal else set()
            user_obj._portal_perm_cache = cached
        return cached
