"""A password change leaves a row in the account's history, whichever way it was changed.

The account history (``register(User, …)`` in gongkai.agencies.models) leaves the hash out, so a
row for a password change would otherwise say nothing. Every path — the staff 修改密码 page, the
admin's password form, ``gongkai manage changepassword``, a new account — goes through
``set_password()`` and one ``save()``; Django keeps the new password in ``_password`` until that
save has finished, which is when simple-history writes its row. The reason names it; the person
is the one the request middleware or the action recorded.
"""

import threading
from contextlib import contextmanager

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver
from simple_history.models import HistoricalChanges
from simple_history.signals import pre_create_historical_record

PASSWORD_CHANGED = "修改密码"


@receiver(pre_create_historical_record)
def _name_password_changes(sender, instance, history_instance, **kwargs) -> None:
    if not isinstance(instance, get_user_model()) or getattr(instance, "_password", None) is None:
        return
    if history_instance.history_type != "~":  # a new account's first password is no change
        return
    reason = history_instance.history_change_reason or ""
    if PASSWORD_CHANGED not in reason:
        history_instance.history_change_reason = (
            f"{reason}；{PASSWORD_CHANGED}" if reason else PASSWORD_CHANGED
        )


# --- the audit trail only grows -------------------------------------------------------------
# History rows are written once, by simple-history, and never changed or removed by the
# application: a save of an existing row or a delete is refused whatever code path tries it
# (QuerySet.update() sends no signal; tests/security/test_audit_trail.py checks the code for it).
# Loading a backup (raw saves) is the one writer besides simple-history itself.

APPEND_ONLY = "审计记录（历史记录）只能追加，不能修改或删除。"


def is_history_model(model) -> bool:
    return isinstance(model, type) and issubclass(model, HistoricalChanges)


def _refuse_history_update(sender, instance, raw=False, **kwargs) -> None:
    if not raw and not instance._state.adding:
        raise PermissionDenied(APPEND_ONLY)


def _refuse_history_delete(sender, instance, **kwargs) -> None:
    if not _purge.allowed:
        raise PermissionDenied(APPEND_ONLY)


def guard_history_models() -> None:
    """Connect the refusals to each history model only: a receiver for every sender would cost
    every other model Django's fast (query-only) delete."""
    for model in apps.get_models():
        if is_history_model(model):
            pre_save.connect(
                _refuse_history_update, sender=model, dispatch_uid=f"append-only-save-{model._meta.label}"
            )
            pre_delete.connect(
                _refuse_history_delete, sender=model, dispatch_uid=f"append-only-delete-{model._meta.label}"
            )


class _PurgeFlag(threading.local):
    allowed = False


_purge = _PurgeFlag()


@contextmanager
def retention_purge():
    """The one sanctioned deletion: rows past the retention period (``clean_old_history``)."""
    _purge.allowed = True
    try:
        yield
    finally:
        _purge.allowed = False
