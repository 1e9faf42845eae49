"""The public pages of 依申请公开 (named in the ``applications`` namespace by ``urls.py``).

The online form lives beside each agency's 依申请公开 page (/<code>/apply/); the progress query
is one page for every agency, since a tracking code is unique system-wide.
"""

from django.urls import path

from . import views

urlpatterns = [
    path("<slug:code>/apply/online/", views.apply_online, name="apply"),
    path("apply/track/", views.track, name="track"),
]
