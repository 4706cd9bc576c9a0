"""Background work on the legal tables."""

from celery import shared_task


@shared_task(ignore_result=True)
def calendar_seed_ahead() -> list[int]:
    """Keep the working calendar seeded years ahead (daily beat entry; a no-op once the years exist)."""
    from .services import calendar_seed_ahead as seed

    return seed()
