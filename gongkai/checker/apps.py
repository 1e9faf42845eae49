from django.apps import AppConfig


class CheckerConfig(AppConfig):
    name = "gongkai.checker"
    verbose_name = "年度报告核查"
    default_auto_field = "django.db.models.BigAutoField"
