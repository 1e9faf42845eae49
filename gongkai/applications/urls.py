"""Addresses of 依申请公开, all in the ``applications`` namespace: the staff's register, case pages
and appeals under /staff/applications/, and the public pages of ``public_urls`` at the site root
(mounted before the portal's /<code>/… pages)."""

from django.urls import include, path

from . import public_urls, views

app_name = "applications"

staff_patterns = [
    path("", views.register_list, name="list"),
    path("new/", views.register_new, name="register"),
    path("<int:pk>/", views.case, name="case"),
    path("<int:pk>/act/<slug:name>/", views.case_action, name="act"),
    path("<int:pk>/reveal/", views.reveal, name="reveal"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("appeals/", views.appeals, name="appeals"),
    path("appeals/new/<slug:code>/", views.appeal_new, name="appeal_new"),
    path("appeals/<int:pk>/", views.appeal_edit, name="appeal_edit"),
]

urlpatterns = [
    path("staff/applications/", include(staff_patterns)),
    *public_urls.urlpatterns,
]
