"""The project's URLs plus the calendar pages at /staff/calendar/, for as long as gongkai/urls.py
does not mount them itself (see conftest.calendar_urls)."""

from django.urls import include, path

from gongkai.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("staff/calendar/", include("gongkai.workcalendar.urls")), *project_urlpatterns]
