from django.apps import AppConfig


class PlainConfig(AppConfig):
    """The benchmark's baseline: a plain Wagtail page (never installed outside bench settings)."""

    name = "bench.plain"
    label = "bench_plain"
    default_auto_field = "django.db.models.BigAutoField"
