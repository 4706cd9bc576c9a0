"""OpenAPI schema and its Swagger/Redoc pages, for members of the unit only (like every endpoint).

Paths in the schema are relative to the unit's API root, which the schema names as its server
(``/u/<code>/api/v1``, or ``/api/v1`` on a unit's own hostname), so Swagger's "Try it out" calls
this unit. The pages load Swagger UI and Redoc from our own static files (drf-spectacular-sidecar).
"""

from django.urls import reverse
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from .base import TenantAPIView

#: What api/exceptions.py answers, whatever the operation: a message in ``detail`` (in the caller's
#: language), sometimes with more keys (``ApplicationError.extra``).
ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
#: A refused input: the message of each field that was wrong, by field name (``detail`` or
#: ``non_field_errors`` when it is not one field's).
VALIDATION_ERROR = {"type": "object", "additionalProperties": {}}
_SAFE_METHODS = {"get", "head", "options"}


def _error(description: str, component: str) -> dict:
    # In English, like the rest of the schema's prose (SPECTACULAR_SETTINGS).
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
    }


def error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: the error answers every operation may give, declared once
    here rather than on each view (an operation's own declaration of a code wins), and optional query
    parameters that may be sent empty."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    common = {
        "400": _error("The request was refused: what was wrong, by field.", "ValidationError"),
        "401": _error("No valid API key or session.", "Error"),
        "403": _error("The account may not do this.", "Error"),
        "404": _error("Nothing of this unit matches the address (or the page of a list).", "Error"),
    }
    conflict = _error("The operation is not allowed in the current state.", "Error")
    unsupported = _error("The body is in a media type the operation does not take.", "Error")
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            # DRF's serializers, django-filter and our pagination all take an empty query value
            # (``?search=``, as a cleared form field sends it) for no value: the schema says so.
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and not parameter.get("required"):
                    parameter.setdefault("allowEmptyValue", True)
            responses = operation["responses"]
            for code, response in common.items():
                responses.setdefault(code, response)
            if method not in _SAFE_METHODS:
                responses.setdefault("409", conflict)
                responses.setdefault("415", unsupported)
    return result


class SchemaApi(TenantAPIView, SpectacularAPIView):
    def _get_schema_response(self, request):
        response = super()._get_schema_response(request)
        # The routing middleware moved /u/<code> into the script prefix, so reverse() includes it.
        server = reverse("api:api-root").rstrip("/")
        response.data = {**response.data, "servers": [{"url": server, "description": request.tenant.name}]}
        return response


class SwaggerApi(TenantAPIView, SpectacularSwaggerView):
    pass


class RedocApi(TenantAPIView, SpectacularRedocView):
    pass
