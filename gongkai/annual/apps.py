from django.apps import AppConfig


class AnnualConfig(AppConfig):
    name = "gongkai.annual"
    label = "annual"
    verbose_name = "政府信息公开工作年度报告"
    default_auto_field = "django.db.models.BigAutoField"
