# The same fixtures as the agencies tests: fast password hashing and a two-agency tree.
from tests.agencies.conftest import fast_passwords, tree  # noqa: F401
