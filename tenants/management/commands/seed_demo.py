from django.core.management.base import BaseCommand

from tenants.demo import DEMO_LOGINS, DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Seed the demo province (Lạng Sơn): demo units and logins now, the whole province in the worker."

    def add_arguments(self, parser):
        parser.add_argument("--no-province", action="store_true", help="only the demo units, not the whole province")

    def handle(self, *args, no_province, **options):
        demo_seed(enqueue_rest=not no_province)
        self.stdout.write(self.style.SUCCESS("Demo province ready."))
        self.stdout.write(f"  platform admin: http://127.0.0.1:8000/admin/  admin / {DEMO_PASSWORD}")
        for login in DEMO_LOGINS:
            roles = ", ".join(login.roles)
            url = f"http://127.0.0.1:8000/u/{login.unit_code}/"
            self.stdout.write(f"  {url}  {login.username} / {DEMO_PASSWORD}  ({roles})")
