from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "gongkai.supervision"
    verbose_name = "年度报告监督汇总"
