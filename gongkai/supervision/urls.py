"""Pages of the supervising office under /staff/supervision/ (namespace ``supervision``)."""

from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.home, name="home"),
]
