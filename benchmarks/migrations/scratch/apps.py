from django.apps import AppConfig


class BenchScratchConfig(AppConfig):
    name = "benchmarks.migrations.scratch"
    label = "bench_scratch"
