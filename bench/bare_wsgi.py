"""WSGI entry points for bench_bare_view.py (run with bench/ on gunicorn's --pythonpath).

``application``: Django with the project's full middleware stack and one view returning "ok".
``raw_application``: a plain WSGI callable returning "ok", the baseline of the same gunicorn setup.
"""

import os

os.environ["DJANGO_SETTINGS_MODULE"] = "bare_settings"

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def bare_view(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("", bare_view)]

application = get_wsgi_application()


def raw_application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [b"ok"]
