"""The one way a page runs a service: call it, and turn a refusal into what the page shows.

A service refuses with ``core.common.errors.ApplicationError``, naming the argument at fault in
``extra["field"]``. Form fields carry the names of the service's arguments (and a formset's prefix
the name of the argument its rows become), so the message lands next to the input it is about.
The page is then rendered again with the refusal's status (400, 403 or 409), never a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from core.common.errors import ApplicationError

T = TypeVar("T")


@dataclass(frozen=True)
class Attempt(Generic[T]):
    """What came of a service call: its result, or its refusal (already shown to the user) and no
    result."""

    result: T
    refusal: ApplicationError | None = None

    @property
    def ok(self) -> bool:
        return self.refusal is None

    @property
    def status(self) -> int:
        """The status to render the page with: 200, or the refusal's 4xx."""
        return 200 if self.refusal is None else self.refusal.status_code


def run_service(
    request: HttpRequest,
    form: forms.BaseForm | None,
    service: Callable[..., T],
    /,
    *,
    formset: forms.BaseFormSet | None = None,
    **kwargs: Any,
) -> Attempt[T]:
    """``service(**kwargs)``; a refusal is shown on ``form`` (see ``show_refusal``), or as a message
    when the page does not show the form (``form=None``)."""
    try:
        return Attempt(result=service(**kwargs))
    except ApplicationError as exc:
        refusal = exc
    except ValidationError as exc:  # a model constraint the form does not know
        refusal = ApplicationError(" ".join(exc.messages))
    show_refusal(request, refusal, form, formset=formset)
    return Attempt(result=cast(T, None), refusal=refusal)


def show_refusal(
    request: HttpRequest,
    refusal: ApplicationError,
    form: forms.BaseForm | None,
    *,
    formset: forms.BaseFormSet | None = None,
) -> None:
    """On the form's field the refusal names; on the one filled row of ``formset`` that has it, or
    above the formset when it names the formset or a field of several rows; else above the form.
    Without a form, as a message at the top of the page."""
    field = refusal.extra.get("field")
    if form is None:
        messages.error(request, refusal.message)
    elif field in form.fields:
        form.add_error(field, refusal.message)
    elif formset is not None and (field == formset.prefix or field in formset.form.base_fields):
        filled = [row for row in formset.forms if row.has_changed()]
        if field in formset.form.base_fields and len(filled) == 1:
            filled[0].add_error(field, refusal.message)
        else:
            formset.non_form_errors().append(refusal.message)
    else:
        form.add_error(None, refusal.message)
