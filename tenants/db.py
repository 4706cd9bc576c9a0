"""The database connection as django-tenants makes it, with its types.

``ENGINE = "django_tenants.postgresql_backend"`` replaces Django's PostgreSQL wrapper with one that
knows the schema it is set to and can switch it. django-stubs types ``django.db.connection`` as
Django's base wrapper and django-tenants ships no types, so mypy would refuse ``schema_name``.
Import ``connection`` from here wherever the schema matters: it is the very same object as
``django.db.connection``, only described to mypy as the wrapper it is at run time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.db import connection as _connection

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

    from .models import Unit

    class TenantDatabaseWrapper(BaseDatabaseWrapper):
        """What ``django_tenants.postgresql_backend.base.DatabaseWrapper`` adds, as far as we use it."""

        schema_name: str
        tenant: Unit

        def set_tenant(self, tenant: Unit, include_public: bool = True) -> None: ...
        def set_schema_to_public(self) -> None: ...


connection = cast("TenantDatabaseWrapper", _connection)
