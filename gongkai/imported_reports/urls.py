from django.urls import path

from . import views

app_name = "imported_reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("batches/<int:pk>/", views.batch, name="batch"),
    path("batches/<int:pk>/status.json", views.batch_status, name="batch_status"),
    path("files/<int:pk>/", views.file, name="file"),
    path("province/<int:year>/", views.province, name="province"),
    path("province/<int:year>.xlsx", views.province_xlsx, name="province_xlsx"),
]
