from django.apps import AppConfig


class ScratchMigrationsConfig(AppConfig):
    name = "tests.tenants.scratch_migrations"
    label = "scratch_migrations"
