from datetime import date

from django.utils import timezone


def today() -> date:
    """Today in the platform's time zone (Asia/Ho_Chi_Minh): the date legal clocks count from."""
    return timezone.localdate()
