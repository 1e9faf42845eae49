import os

from django.core.wsgi import get_wsgi_application

from gongkai.security.var_dir import prepare_var_dir

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
prepare_var_dir()  # gunicorn started without `gongkai serve` gets the same data directory and key
application = get_wsgi_application()
