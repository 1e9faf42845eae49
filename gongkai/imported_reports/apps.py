from django.apps import AppConfig


class ImportedReportsConfig(AppConfig):
    name = "gongkai.imported_reports"
    verbose_name = "外部发布年度报告"
