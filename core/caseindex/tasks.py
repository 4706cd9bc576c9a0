"""The case index's background work: the month counters follow corrected report period rules."""

from celery import shared_task


@shared_task(ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def rollups_cuts_follow() -> None:
    """Queued when a report period rule is saved or deleted, and daily by beat (a lost message, a
    worker killed mid-recount: the recount is one transaction, safe to run again)."""
    from .services.rollups import rollups_cuts_follow as follow

    follow()
