"""Mounted at /staff/catalog/handover/ (gongkai/urls.py): the 两馆移交包 pages."""

from django.urls import path

from . import handover_views as views

app_name = "handover"
urlpatterns = [
    path("", views.package_list, name="list"),
    path("build/", views.build, name="build"),
    path("<int:pk>/download/", views.download, name="download"),
]
