from celery import shared_task
from tenant_schemas_celery.task import TenantTask


@shared_task(base=TenantTask, ignore_result=True)
def report_job_run(job_id: int) -> None:
    """The province roll-up; it runs in the inspectorate's schema but reads only public tables."""
    from .services import report_job_run as run

    run(job_id=job_id)
