"""Feeds of the public catalog (``feeds``), mounted at the site root before the portal's pages.

``/feed/{rss.xml,atom.xml,feed.json}`` is government-wide, ``/<code>/feed/…`` one agency's;
``?category=<信息类别>`` narrows either to one 信息类别.
"""

from django.urls import path

from . import feeds

app_name = "feeds"
urlpatterns = [
    path("feed/rss.xml", feeds.rss, name="rss"),
    path("feed/atom.xml", feeds.atom, name="atom"),
    path("feed/feed.json", feeds.json_feed, name="json"),
    path("<slug:code>/feed/rss.xml", feeds.rss, name="agency_rss"),
    path("<slug:code>/feed/atom.xml", feeds.atom, name="agency_atom"),
    path("<slug:code>/feed/feed.json", feeds.json_feed, name="agency_json"),
]
