from celery import shared_task
from tenant_schemas_celery.task import TenantTask


@shared_task(base=TenantTask, ignore_result=True)
def notification_deliver(notification_id: int) -> None:
    from .services import notification_deliver as deliver

    deliver(notification_id=notification_id)
