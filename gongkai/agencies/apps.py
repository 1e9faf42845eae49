from django.apps import AppConfig, apps
from django.contrib.auth.signals import user_logged_in


def update_last_login_quietly(sender, user, **kwargs) -> None:
    """Django's own receiver, minus a history row per sign-in (last_login is not in the history)."""
    from django.utils import timezone

    user.last_login = timezone.now()
    user.save_without_historical_record(update_fields=["last_login"])


class AgenciesConfig(AppConfig):
    verbose_name = "机关与人员"
    name = "gongkai.agencies"
    label = "agencies"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The admin lists these apps by their verbose names, which they give in English only.
        for label, name in (("axes", "登录安全"), ("django_tasks_database", "后台任务")):
            apps.get_app_config(label).verbose_name = name
        user_logged_in.disconnect(dispatch_uid="update_last_login")
        user_logged_in.connect(update_last_login_quietly, dispatch_uid="update_last_login")
