import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

# gunicorn's error log writes the URI of a request that failed outside Django ("Error handling request
# /search/?q=..."): the same filter as Django's log keeps its query string and secret links out.
import logging  # noqa: E402

from config.log_filters import RedactSecretPaths  # noqa: E402

logging.getLogger("gunicorn.error").addFilter(RedactSecretPaths())

# Work every worker would otherwise do on its first request, done once before gunicorn forks them.
from serving.warm import warm_up  # noqa: E402

warm_up()
