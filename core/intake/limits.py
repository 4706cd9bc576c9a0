"""How many online submissions one client address may make: ``SUBMISSION_LIMIT`` per
``SUBMISSION_WINDOW`` seconds, across every unit of the platform (a bot that floods one commune
floods the next one too), counted with django-ratelimit's fixed window.

The cache's key function prefixes every key with the current schema (``django_tenants.cache``),
which would give each unit its own budget. The count is therefore kept under the platform's
(``public``) schema: the key is ``public:…:rl:<md5 of the group, the window, the rate and the
address>`` and holds nothing of the unit the citizen wrote to, nor the address in clear.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage
from django_tenants.utils import schema_context

from core.common.errors import ApplicationError

SUBMISSION_LIMIT = 10
SUBMISSION_WINDOW = 60 * 60
GROUP = "intake-submission"


class TooManySubmissions(ApplicationError):
    status_code = 429


def submission_count(client_address: str) -> None:
    """Count one submission from ``client_address``; refuse it (429) beyond the limit."""
    with schema_context("public"):
        usage = get_usage(
            None,
            group=GROUP,
            key=lambda _group, _request: client_address or "unknown",
            rate=(SUBMISSION_LIMIT, SUBMISSION_WINDOW),
            increment=True,
        )
    if usage is not None and usage["should_limit"]:
        raise TooManySubmissions(
            _(
                "Too many petitions were sent from your connection. Please wait %(minutes)d minutes and try "
                "again, or hand your petition in at the reception office."
            )
            % {"minutes": SUBMISSION_WINDOW // 60}
        )
