from tests.applications.conftest import fast_passwords, people  # noqa: F401 — fixtures shared with applications
