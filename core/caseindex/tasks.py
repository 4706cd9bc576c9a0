from celery import shared_task


@shared_task(ignore_result=True)
def rollups_cuts_follow() -> None:
    """Recount the month counters by the cuts the report period rules now call for, if they differ
    from those the counters were counted by (``services.rollups``)."""
    from .counters import counter_cuts
    from .services.rollups import cuts_from_rules, rollups_rebuild

    if cuts_from_rules() != counter_cuts():
        rollups_rebuild()
