from .base import *  # noqa: F403
from .base import SECRET_KEY

DEBUG = True
# Development only: a fixed key so sessions survive restarts. Production refuses it.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
