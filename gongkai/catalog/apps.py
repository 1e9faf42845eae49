from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from .indexing import register

        register()
