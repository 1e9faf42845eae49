from functools import wraps

from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "gongkai.security"
    verbose_name = "安全"

    def ready(self) -> None:
        from gongkai.security import audit  # connects the password-change reason on import

        audit.guard_history_models()
        _history_pages_read_only()


def _history_pages_read_only() -> None:
    """simple-history's admin page for one past version saves a POSTed form even when
    SIMPLE_HISTORY_REVERT_DISABLED hides its button; with that setting on, refuse the POST."""
    from django.conf import settings
    from django.core.exceptions import PermissionDenied
    from simple_history.admin import SimpleHistoryAdmin

    original = SimpleHistoryAdmin.history_form_view
    if getattr(original, "read_only_history", False):
        return

    @wraps(original)
    def history_form_view(self, request, *args, **kwargs):
        if request.method == "POST" and getattr(settings, "SIMPLE_HISTORY_REVERT_DISABLED", False):
            raise PermissionDenied("历史版本只能查看，不能恢复或修改。")
        return original(self, request, *args, **kwargs)

    history_form_view.read_only_history = True
    SimpleHistoryAdmin.history_form_view = history_form_view
