from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from .models import UnitStatus
from .selectors import unit_list


def landing(request: HttpRequest) -> HttpResponse:
    """The platform's front page: find a unit's workspace."""
    query = request.GET.get("q", "").strip()
    units = unit_list(status=UnitStatus.ACTIVE)
    if query:
        units = units.filter(name__icontains=query) | units.filter(code__iexact=query)
    return render(request, "tenants/landing.html", {"units": units[:200], "q": query})


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
