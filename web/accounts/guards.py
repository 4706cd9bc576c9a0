"""What every authenticated request passes: the session's time limits and the second factor.

- **Session time limits.** A session ends after ``TIEPDAN_SESSION_IDLE_MINUTES`` without a request
  and, whatever the activity, ``TIEPDAN_SESSION_MAX_HOURS`` after the login. The next request is
  then anonymous (the login page says why).
- **Second factor.** An account that must use one (``core.accounts.second_factor``), or that has
  enrolled one, reaches nothing after its password but the code page, the enrolment page and
  logging out, until it gives a code; the API answers 403. This covers the platform admin (/admin/)
  as well as every unit's pages, since the middleware runs for both URL confs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from core.accounts.second_factor import second_factor_enrolled, second_factor_required

#: Session keys: when the login happened and when the session was last used (epoch seconds).
LOGIN_AT = "tiepdan_login_at"
SEEN_AT = "tiepdan_seen_at"
#: Set in the fresh anonymous session when a session ran out, for the login page to say so.
EXPIRED = "tiepdan_session_expired"
#: "Last seen" is written at most this often, so that not every request writes the session.
SEEN_GRANULARITY = 60


def second_factor_exempt(view: Callable) -> Callable:
    """Mark a view an account that still owes its second factor may open (the code page, logging out)."""
    view.second_factor_exempt = True  # type: ignore[attr-defined]
    return view


def session_started(request: HttpRequest) -> None:
    """Start the session's clocks (called when someone logs in)."""
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            login_at = session.setdefault(LOGIN_AT, now)
            seen_at = session.get(SEEN_AT, now)
            idle = now - seen_at > settings.TIEPDAN_SESSION_IDLE_MINUTES * 60
            too_old = now - login_at > settings.TIEPDAN_SESSION_MAX_HOURS * 3600
            if idle or too_old:
                logout(request)
                request.session[EXPIRED] = True
            elif now - seen_at >= SEEN_GRANULARITY or SEEN_AT not in session:
                session[SEEN_AT] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        user = request.user
        if (
            not user.is_authenticated
            or user.is_verified()  # type: ignore[attr-defined]  # added by django_otp's middleware
            or getattr(view_func, "second_factor_exempt", False)
        ):
            return None
        enrolled = second_factor_enrolled(user)
        if not enrolled and not second_factor_required(user):
            return None
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Enter the code of your second factor on the login page before using the API.")},
                status=403,
            )
        target = reverse("otp:verify" if enrolled else "otp:enrol")
        return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
