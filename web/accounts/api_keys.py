"""The "Personal API keys" page: every member creates, lists and revokes their own keys.

A new key is shown once, in the answer to the form that created it (not stored in the session
for a redirect), and that answer is not cached.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.accounts.selectors import token_list
from core.accounts.tokens import default_expiry, token_create, token_revoke
from core.common.errors import ApplicationError
from web.accounts.access import member_page
from web.accounts.forms import ApiKeyCreateForm
from web.common.http import MemberRequest


@never_cache
@member_page()
def api_key_list(request: MemberRequest) -> HttpResponse:
    initial = {"expires_on": default_expiry()}
    form = ApiKeyCreateForm(request.POST or None, initial=initial)
    created = key = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created, key = token_create(user=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(exc.extra.get("field"), exc.message)
            else:
                form = ApiKeyCreateForm(initial=initial)
        if created is None:
            status = 400
    context = {
        "form": form,
        "tokens": token_list(user=request.user),
        "created": created,
        "key": key,
        "now": timezone.now(),
    }
    return render(request, "accounts/api_keys.html", context, status=status)


@require_POST
@member_page()
def api_key_revoke(request: MemberRequest, token_id: int) -> HttpResponse:
    # Only the caller's own keys are found: another user's key id answers 404, as if absent.
    token = token_list(user=request.user).filter(pk=token_id).first()
    if token is None:
        raise Http404
    try:
        token_revoke(token=token, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The key “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:api-keys")
