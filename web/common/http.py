"""What a page's request carries, for mypy (django-stubs' pattern for attributes set by middleware).

``tenants.http.UnitHttpRequest`` is any request routed to a unit: ``request.tenant`` is the unit.
``MemberRequest`` is one that a page has already checked is from a signed-in account
(``login_required``, ``member_page``), so ``request.user`` is a ``User``, not ``AnonymousUser``.
No request is an instance of either class: they only describe Django's own request object.
"""

from __future__ import annotations

from core.accounts.models import User
from tenants.http import UnitHttpRequest


class MemberRequest(UnitHttpRequest):
    user: User
