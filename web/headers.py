"""Headers every page and API answer of the platform and of every unit carries (django-csp adds the
Content-Security-Policy; SecurityMiddleware the HSTS, nosniff and referrer headers).

- ``Cache-Control: no-store`` unless the view chose its own caching: staff pages and API answers
  hold personal data, which must not stay in a shared computer's browser cache or in a proxy. Static
  files are served before this middleware (whitenoise) and keep their long lifetime.
- ``Permissions-Policy``: no page needs the camera, microphone, location or payment APIs, so a
  script that got in anyway cannot use them either.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class ResponseHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Cache-Control" not in response:
            response["Cache-Control"] = "no-store, private"
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
