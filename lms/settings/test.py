import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-not-secret-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Tests run tasks in-process unless a test starts a real worker on purpose.
CELERY_TASK_ALWAYS_EAGER = CELERY_EAGER_IN_TESTS  # noqa: F405
# Rate limits are exercised by their own tests; elsewhere they would make tests order-dependent.
ACCOUNT_RATE_LIMITS = {"login_failed": "1000/m/ip"}
# Page publishing logs at INFO on every save; tests only need warnings.
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

# Uploaded files from tests go to a throwaway folder per test run, never the project's.
_TEST_FILES = Path(tempfile.mkdtemp(prefix="lms-test-files-"))
MEDIA_ROOT = _TEST_FILES / "media"
STORAGES["packages"]["OPTIONS"]["location"] = str(_TEST_FILES / "packages")  # noqa: F405
STORAGES["private"]["OPTIONS"]["location"] = str(_TEST_FILES / "private")  # noqa: F405
