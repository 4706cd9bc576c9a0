from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "core.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # The petitions area sends the signal and knows nothing of who listens (core/petitions/signals.py).
        from core.petitions.signals import petition_event_recorded

        from .services.citizens import on_petition_event

        petition_event_recorded.connect(on_petition_event, dispatch_uid="notifications.citizen_messages")
