from django.urls import path

from gongkai.annual import public as annual_public

from . import pages, views
from .cache import modes_only, public_page

app_name = "portal"
urlpatterns = [
    # The guide and the application page are drawn afresh on every request (the guide from many
    # records, the sample deadline from the working-day calendar); the rest is cached (cache.py).
    path("", public_page(views.home), name="home"),
    # Site-wide pages first: these names cannot be agency codes.
    path("catalog/", pages.catalog_all, name="catalog_all"),
    path("search/", pages.search_all, name="search"),
    path("display/<slug:mode>/", pages.set_mode, name="mode"),
    path("<slug:code>/", public_page(views.agency_index), name="agency"),
    path("<slug:code>/guide/", modes_only(views.guide_page), name="guide"),
    path("<slug:code>/catalog/", pages.catalog, name="catalog"),
    path("<slug:code>/catalog/<path:ref>/", pages.item, name="item"),
    path("<slug:code>/attachments/<int:pk>/", pages.attachment, name="attachment"),
    path("<slug:code>/statutory/", pages.statutory, name="statutory"),
    path("<slug:code>/search/", pages.search_agency, name="agency_search"),
    path("<slug:code>/apply/", modes_only(views.apply), name="apply"),
    path("<slug:code>/reports/", pages.reports, name="reports"),
    path("<slug:code>/reports/<int:year>/", public_page(annual_public.report_page), name="annual_report"),
    path(
        "<slug:code>/reports/<int:year>/graphic/", public_page(annual_public.graphic), name="annual_graphic"
    ),
    path("<slug:code>/reports/<int:year>/<slug:fmt>/", annual_public.download, name="annual_download"),
]
