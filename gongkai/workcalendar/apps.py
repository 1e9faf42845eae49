from django.apps import AppConfig


class WorkCalendarConfig(AppConfig):
    name = "gongkai.workcalendar"
    label = "workcalendar"
    default_auto_field = "django.db.models.BigAutoField"
