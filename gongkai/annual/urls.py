"""Staff pages of the annual report, mounted at /staff/annual/ in the ``annual`` namespace."""

from django.urls import path

from . import views

app_name = "annual"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.start, name="start"),
    path("<int:pk>/", views.report, name="report"),
    path("<int:pk>/act/<slug:name>/", views.step, name="act"),
    path("<int:pk>/download/<slug:fmt>/", views.download, name="download"),
]
