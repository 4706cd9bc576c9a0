from celery import shared_task
from tenant_schemas_celery.task import TenantTask


@shared_task(base=TenantTask, ignore_result=True)
def onboarding_job_run(job_id: int) -> None:
    from .provisioning import onboarding_job_run as run

    run(job_id=job_id)
