"""Errors raised by services; the API and the pages turn them into 4xx responses."""

from __future__ import annotations


class ApplicationError(Exception):
    """A business rule refused the operation. ``message`` is shown to the user (translated)."""

    status_code = 400

    def __init__(self, message: str, *, extra: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class ConflictError(ApplicationError):
    """The operation is not allowed in the current state (e.g. an illegal transition)."""

    status_code = 409


class PermissionDeniedError(ApplicationError):
    status_code = 403
