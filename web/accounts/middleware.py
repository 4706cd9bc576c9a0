from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Vietnamese unless the user chose English (language cookie or ``?lang=en``).

    Django's LocaleMiddleware would follow the browser's Accept-Language, which would show an
    English UI to officials whose browsers happen to be English: the brief wants Vietnamese.
    The API (paths under ``api/``) also honours Accept-Language when no choice was made: a program
    that asks for English gets English errors; one that asks for nothing gets Vietnamese.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        supported = {code for code, _name in settings.LANGUAGES}
        requested = request.GET.get("lang")
        is_api = request.path_info.startswith("/api/")
        if requested or not is_api:
            language = requested or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or settings.LANGUAGE_CODE
        else:
            # The cookie, then Accept-Language, then LANGUAGE_CODE.
            language = translation.get_language_from_request(request)
        if language not in supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if is_api:
            patch_vary_headers(response, ["Accept-Language"])
        if requested in supported:
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax")
        translation.deactivate()
        return response
