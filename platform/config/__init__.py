"""The TiepDan Django project package (import name ``config``, folder ``platform/config``).

``platform/`` itself is a plain folder, never a package: a ``platform/__init__.py`` would shadow
the standard library's ``platform`` module for every process started from the repository root.
"""

from .celery_app import app as celery_app

__all__ = ("celery_app",)
