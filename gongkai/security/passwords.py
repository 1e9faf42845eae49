"""Password rules Django's own validators miss."""

from django.core.exceptions import ValidationError

MIN_NAME_LENGTH = 3  # a name of one or two letters occurs by chance in good passwords


class NotBuiltFromUsernameValidator:
    """Refuse passwords containing the user name (「clerk2clerk2」 for clerk2, 「Admin2025!!」 for
    admin). Django's UserAttributeSimilarityValidator compares whole strings and lets repeats
    and padded names through."""

    def validate(self, password, user=None):
        name = (getattr(user, "get_username", lambda: "")() or "").casefold() if user else ""
        if len(name) >= MIN_NAME_LENGTH and name in password.casefold():
            raise ValidationError("密码不能包含用户名。", code="password_contains_username")

    def get_help_text(self):
        return "密码不能包含用户名。"
