from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS_FROM_ENV, HSTS_PRELOAD, HSTS_SECONDS, SECRET_KEY, SSL_REDIRECT

DEBUG = False

_WEAK_KEY_PREFIXES = ("dev-", "test-", "django-insecure-")
if (
    not SECRET_KEY
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith(_WEAK_KEY_PREFIXES)
):
    raise ImproperlyConfigured(
        "SECRET_KEY is missing or too weak. Production needs a random SECRET_KEY of at "
        "least 50 characters in the environment, for example the output of: "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )
if not ALLOWED_HOSTS_FROM_ENV:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. Production needs the public host name(s), comma "
        "separated, for example ALLOWED_HOSTS=learning.example-council.gov.uk"
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = SSL_REDIRECT
SECURE_HSTS_SECONDS = HSTS_SECONDS
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading commits every subdomain of the council's domain to HTTPS for good; that
# is the council's call, so it is opt-in and the deploy check for it is silenced.
SECURE_HSTS_PRELOAD = HSTS_PRELOAD
SILENCED_SYSTEM_CHECKS = [] if HSTS_PRELOAD else ["security.W021"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
