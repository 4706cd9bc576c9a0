from django.core.management.base import BaseCommand

from config.demo import DEMO_LOGINS, DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Seed the demo province (Lạng Sơn): demo units and logins now, the whole province in the worker."

    def add_arguments(self, parser):
        parser.add_argument("--no-province", action="store_true", help="only the demo units, not the whole province")
        parser.add_argument(
            "--no-worker-running",
            action="store_true",
            help="no worker runs now: close onboarding jobs a stopped worker left running, so they are queued again",
        )

    def handle(self, *args, no_province, no_worker_running, **options):
        demo_seed(enqueue_rest=not no_province, no_worker_running=no_worker_running)
        self.stdout.write(self.style.SUCCESS("Demo province ready."))
        self.stdout.write(f"  platform admin: http://127.0.0.1:8000/admin/  admin / {DEMO_PASSWORD}")
        for login in DEMO_LOGINS:
            roles = ", ".join(login.roles)
            url = f"http://127.0.0.1:8000/u/{login.unit_code}/"
            self.stdout.write(f"  {url}  {login.username} / {DEMO_PASSWORD}  ({roles})")
