from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:code>/", views.agency_index, name="agency"),
    path("<slug:code>/guide/", views.guide_page, name="guide"),
    path("<slug:code>/catalog/", views.catalog, name="catalog"),
    path("<slug:code>/apply/", views.apply, name="apply"),
    path("<slug:code>/reports/", views.reports, name="reports"),
]
