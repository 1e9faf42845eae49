"""Letters, letter templates and the ledger (namespace ``applications_letters``), mounted at the
site root by gongkai/urls.py:

- ``staff_letter`` (pk, fmt): /staff/applications/letters/<pk>.<docx|pdf>
- ``letter_templates`` (code), ``letter_template_file`` (code, kind): an agency's Word templates
- ``ledger_export`` (code; ?year=YYYY), ``ledger_import``: the 台账 as Excel
- ``public_letter`` (code = tracking code, pk, fmt): /apply/letters/<code>/<pk>.<docx|pdf>
"""

from django.urls import path, register_converter

from . import letter_views as views


class FormatConverter:
    regex = "docx|pdf"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "letterfmt")

app_name = "applications_letters"
urlpatterns = [
    path("staff/applications/letters/<int:pk>.<letterfmt:fmt>", views.staff_letter, name="staff_letter"),
    path(
        "staff/applications/letters/templates/<slug:code>/", views.letter_templates, name="letter_templates"
    ),
    path(
        "staff/applications/letters/templates/<slug:code>/<slug:kind>.docx",
        views.letter_template_file,
        name="letter_template_file",
    ),
    path("staff/applications/ledger/import/", views.ledger_import, name="ledger_import"),
    path("staff/applications/ledger/<slug:code>.xlsx", views.ledger_export, name="ledger_export"),
    path("apply/letters/<slug:code>/<int:pk>.<letterfmt:fmt>", views.public_letter, name="public_letter"),
]
