from django.http import HttpRequest


def current_unit(request: HttpRequest) -> dict:
    unit = getattr(request, "tenant", None)
    return {"current_unit": unit if unit is not None and not unit.is_platform else None}
