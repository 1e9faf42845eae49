"""Staff pages of 主动公开, mounted at /staff/catalog/ in the ``catalog`` namespace (the 两馆移交
pages live under /staff/catalog/handover/, mounted before these)."""

from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("review/", views.review_queue, name="queue"),
    path("new/", views.new_draft, name="new"),
    path("new/<slug:code>/", views.new_for, name="new_for"),
    path("<int:pk>/", views.item, name="item"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/act/<slug:name>/", views.item_action, name="act"),
    path("<int:pk>/attachments/", views.attach, name="attach"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("<int:pk>/attachments/<int:attachment_pk>/remove/", views.detach, name="detach"),
    path("settings/", views.settings_index, name="settings_index"),
    path("settings/<slug:code>/", views.agency_settings, name="settings"),
    path("settings/<slug:code>/rules/", views.rules, name="rules"),
    path("settings/<slug:code>/categories/", views.category_add, name="category_add"),
    path("settings/<slug:code>/categories/<int:category_pk>/", views.category_edit, name="category_edit"),
    path(
        "settings/<slug:code>/categories/<int:category_pk>/delete/",
        views.category_delete,
        name="category_delete",
    ),
    path("topics/", views.topics, name="topics"),
    path("topics/add/", views.topic_add, name="topic_add"),
    path("topics/<int:topic_pk>/", views.topic_edit, name="topic_edit"),
    path("topics/<int:topic_pk>/delete/", views.topic_delete, name="topic_delete"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/import/", views.statistics_import, name="statistics_import"),
    path("statistics/template.xlsx", views.statistics_template, name="statistics_template"),
    path("statistics/<slug:code>/<int:year>/", views.statistics_edit, name="statistics_edit"),
]
