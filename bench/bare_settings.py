"""Settings for bench_bare_view.py only: the project's settings with a URLconf holding one bare view.

Lives under bench/ (never imported by the application), so the bare view is not reachable in
production.
"""

from gongkai.settings import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bare_wsgi"

# The benchmark serves no static files; WhiteNoise's note that var/static/ is missing is noise here.
import warnings  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
