from django.apps import AppConfig


class CitusScratchConfig(AppConfig):
    name = "tests.citus.scratch"
    label = "citus_scratch"
