from django.apps import AppConfig


class WebConfig(AppConfig):
    """The staff and public pages: views, forms, URL modules, templates and static files.

    An app only so that Django finds ``web/templates`` and ``web/static``; it has no models.
    """

    name = "web"
    verbose_name = "Pages"
