"""The demo province that `make run` starts with: Lạng Sơn (code 20), onboarded from the official list.

It lives in the project package because it drives every app at once (onboarding, accounts,
petitions, reception); tenants knows no domain app (import-linter contract in pyproject.toml).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django_tenants.utils import schema_context

from core.accounts.models import User
from core.accounts.roles import Role
from core.accounts.services import user_create
from tenants.models import Unit
from tenants.provisioning import onboarding_ensure, onboarding_job_run, onboarding_jobs_interrupted_close
from tenants.selectors import public_unit_get

DEMO_PROVINCE = "20"
DEMO_PASSWORD = "LangSon@2026"
# Units the demo logs in to; onboarded first, in the foreground, so the site is usable at once.
DEMO_COMMUNE = "06316"  # Xã Tân Đoàn
DEMO_INSPECTORATE = "20-TTR"


@dataclass(frozen=True)
class DemoLogin:
    unit_code: str
    username: str
    roles: tuple[str, ...]
    full_name: str


DEMO_LOGINS = (
    DemoLogin(DEMO_COMMUNE, "quantri", (Role.UNIT_ADMIN,), "Hoàng Văn Quân"),
    DemoLogin(DEMO_COMMUNE, "tiepdan", (Role.RECEPTION_OFFICER,), "Lường Thị Hoa"),
    DemoLogin(DEMO_COMMUNE, "xulydon", (Role.PROCESSING_OFFICER,), "Nông Văn Đức"),
    DemoLogin(DEMO_COMMUNE, "chutich", (Role.LEADER,), "Vi Văn Thành"),
    DemoLogin(DEMO_INSPECTORATE, "thanhtra", (Role.INSPECTOR, Role.UNIT_ADMIN), "Lý Thị Mai"),
    DemoLogin(DEMO_COMMUNE, "bimat", (Role.SEALED_READER,), "Đinh Văn Mật"),
)


def demo_seed(*, enqueue_rest: bool = True, no_worker_running: bool = False) -> None:
    """Platform admin, the demo units and their logins; the rest of the province goes to the worker.

    Run again, it creates only what is missing and queues nothing when the province is complete;
    with ``no_worker_running`` (``make run`` before it starts the worker) a job a stopped worker left
    half done is closed first, so its remaining units are queued again.
    """
    _platform_admin_ensure()
    if no_worker_running:
        onboarding_jobs_interrupted_close()
    # In the foreground, so the site is usable at once.
    job = onboarding_ensure(requested_by="seed_demo", unit_codes=[DEMO_INSPECTORATE, DEMO_COMMUNE], enqueue=False)
    if job is not None:
        onboarding_job_run(job_id=job.pk)
    for login in DEMO_LOGINS:
        unit = Unit.objects.get(code=login.unit_code)
        with schema_context(unit.schema_name):
            if not User.objects.filter(username=login.username).exists():
                user_create(
                    unit=unit,
                    username=login.username,
                    password=DEMO_PASSWORD,
                    full_name=login.full_name,
                    roles=list(login.roles),
                )
    commune = Unit.objects.get(code=DEMO_COMMUNE)
    with schema_context(commune.schema_name):
        # Before the petitions, so the documents they issue are signed.
        from core.signing.demo import demo_certificate

        demo_certificate(admin=User.objects.get(username="quantri"), common_name=commune.name)
        from core.petitions.demo import demo_petitions

        demo_petitions(actor=User.objects.get(username="chutich"))
        from core.reception.demo import demo_reception

        demo_reception(
            head=User.objects.get(username="chutich"),
            receptionist=User.objects.get(username="tiepdan"),
            admin=User.objects.get(username="quantri"),
        )
    if enqueue_rest:
        with transaction.atomic():
            onboarding_ensure(requested_by="seed_demo", province_code=DEMO_PROVINCE)


def _platform_admin_ensure() -> None:
    from django.contrib.auth.models import Permission

    public_unit_get()  # created by the tenants migrations
    if User.objects.filter(username="admin").exists():
        return
    admin = User.objects.create_superuser("admin", "admin@localhost", DEMO_PASSWORD, full_name="Quản trị nền tảng")
    admin.user_permissions.add(Permission.objects.get(codename="onboard_units", content_type__app_label="accounts"))
