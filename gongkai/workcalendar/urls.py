"""Mounted at /staff/calendar/ (gongkai/urls.py)."""

from django.urls import path

from . import views

app_name = "workcalendar"
urlpatterns = [
    path("", views.year_view, name="home"),
    path("<int:year>/", views.year_view, name="year"),
    path("day/", views.day_edit, name="day"),
    path("import/", views.import_view, name="import"),
]
