"""Production settings plus the benchmark URLconf, for gunicorn and the in-process client.

bench/run.py fills the environment (SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, ...) before
anything imports this module, because lms.settings.base reads it at import time.
"""

from lms.settings.base import env
from lms.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# A throwaway directory, so a benchmark run never rewrites the developer's staticfiles/.
STATIC_ROOT = env.path("BENCH_STATIC_ROOT")
