from django.apps import AppConfig


class SearchConfig(AppConfig):
    verbose_name = "政府信息网上查询"
    name = "gongkai.search"
    label = "search"
    default_auto_field = "django.db.models.BigAutoField"
