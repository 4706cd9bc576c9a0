from celery import shared_task
from django.db import connection
from tenant_schemas_celery.task import TenantTask

# Arbitrary, fixed: the advisory-lock namespace of "a worker is running onboarding job N". The lock
# is held on a connection of its own (the job closes its working connection between batches), so
# it lives exactly as long as the worker process running the job: a SIGKILLed worker drops it.
JOB_LOCK_NAMESPACE = 7_410_002


@shared_task(base=TenantTask, ignore_result=True)
def onboarding_job_run(job_id: int) -> None:
    from .provisioning import onboarding_job_run as run

    lock = connection.get_new_connection(connection.get_connection_params())
    lock.autocommit = True
    try:
        with lock.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [JOB_LOCK_NAMESPACE, job_id])
            if not cursor.fetchone()[0]:
                return  # another worker runs it (a re-queued copy of a job that was not lost after all)
        run(job_id=job_id)
    finally:
        lock.close()


@shared_task(base=TenantTask, ignore_result=True)
def onboarding_jobs_resume() -> int:
    """Queue again every job marked running that no worker runs (its worker was killed or lost).

    Units are committed a batch at a time, so the killed run left whole units only; the job run
    again skips those and makes the rest.
    """
    from .models import OnboardingJob

    resumed = 0
    running = OnboardingJob.objects.filter(status=OnboardingJob.Status.RUNNING).values_list("pk", flat=True)
    with connection.cursor() as cursor:
        for job_id in running:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [JOB_LOCK_NAMESPACE, job_id])
            if cursor.fetchone()[0]:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [JOB_LOCK_NAMESPACE, job_id])
                onboarding_job_run.delay(job_id)
                resumed += 1
    return resumed
