from __future__ import annotations

from typing import NamedTuple


class ContactDetails(NamedTuple):
    """A citizen's contact opened from its envelope; never stored or logged in this form."""

    email: str
    phone: str
