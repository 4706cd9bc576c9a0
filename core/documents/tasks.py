"""Background work on documents: the PDF, made after the step's transaction committed, in the unit
that issued the document (tenant-schemas-celery carries the schema). Thin: it calls the service."""

from celery import shared_task
from tenant_schemas_celery.task import TenantTask


@shared_task(base=TenantTask, ignore_result=True)
def document_pdf_make(document_id: int) -> None:
    from .services import document_pdf_make as make

    make(document_id=document_id)
