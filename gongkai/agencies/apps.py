from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    verbose_name = "机关与人员"
    name = "gongkai.agencies"
    label = "agencies"
    default_auto_field = "django.db.models.BigAutoField"
