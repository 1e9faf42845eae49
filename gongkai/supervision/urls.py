"""Pages of the supervising office under /staff/supervision/ (namespace ``supervision``)."""

from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.home, name="home"),
    # before the agency pages, whose code is any slug
    path("report/<int:pk>/", views.report, name="report"),
    path("<slug:code>/", views.office, name="office"),
    path("<slug:code>/<int:year>/", views.dashboard, name="dashboard"),
    path("<slug:code>/<int:year>/dashboard.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("<slug:code>/<int:year>/aggregate/", views.aggregate, name="aggregate"),
    path("<slug:code>/<int:year>/outliers/", views.outliers_page, name="outliers"),
]
