from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class WorkCalendarConfig(AppConfig):
    name = "gongkai.workcalendar"
    label = "workcalendar"
    verbose_name = "工作日历"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals

        post_migrate.connect(signals.seed_after_migrate, sender=self)
        post_save.connect(signals.day_changed, sender="workcalendar.CalendarDay")
        post_delete.connect(signals.day_changed, sender="workcalendar.CalendarDay")
