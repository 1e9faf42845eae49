"""Addresses of 政策咨询、投诉、建议 in the ``consultations`` namespace: the staff's pages under
/staff/consultations/ and the public ones at the site root (mounted before the portal's
/<code>/… pages)."""

from django.urls import include, path

from . import views

app_name = "consultations"

staff_patterns = [
    path("", views.consultation_list, name="list"),
    path("new/", views.log_call, name="new"),
    path("figures/", views.figures, name="figures"),
    path("<int:pk>/", views.item, name="item"),
    path("<int:pk>/act/<slug:name>/", views.item_action, name="act"),
    path("<int:pk>/reveal/", views.reveal, name="reveal"),
]

urlpatterns = [
    path("staff/consultations/", include(staff_patterns)),
    path("consult/track/", views.track, name="track"),
    path("<slug:code>/consult/", views.consult, name="consult"),
    path("<slug:code>/consult/answers/", views.answers, name="answers"),
]
