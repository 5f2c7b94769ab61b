"""Settings shared by every environment.

The environment is read here and only here (django-environ); dev, test and
production adjust what follows from it.
"""

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS_FROM_ENV = env.list("ALLOWED_HOSTS", default=[])
ALLOWED_HOSTS = ALLOWED_HOSTS_FROM_ENV or ["127.0.0.1", "localhost", "[::1]"]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "lms.people",
    "lms.ops",
    "lms.records",
    "lms.certificates",
    "cms",
    "courses",
    "badges",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After CommonMiddleware, which turns away hosts not in ALLOWED_HOSTS.
    "cms.middleware.CachedSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lms.ops.csp.ContentSecurityPolicyMiddleware",
    # Anonymous careers pages from the cache, with this response's CSP nonce stamped in.
    "cms.careers.middleware.CachedCareersPageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lms.people.middleware.EnforceMfaMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "wagtail.contrib.settings.context_processors.settings",
                "lms.people.context_processors.viewer",
                "cms.context_processors.branding",
            ],
        },
    },
]

# --- data -------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="lms"),
            # Every page reads the cache (lms.caching) and reads the database instead when
            # Redis fails: a Redis that stops answering must fail fast, not hang requests.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- background jobs --------------------------------------------------------
# Without a broker the platform still works: tasks run in-process, synchronously.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# Tests run tasks in-process unless a real worker test turns this off for its worker.
CELERY_EAGER_IN_TESTS = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task that takes longer than this to be acknowledged is redelivered; it must
# outlast the hard time limit or long tasks would run twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = "Europe/London"

# --- accounts ---------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
# Django's and allauth's backends, loading the user with their staff profile and roles.
# Sessions remember the backend that signed them in, so renaming these signs people out.
AUTHENTICATION_BACKENDS = [
    "lms.people.backends.ModelBackend",
    "lms.people.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "lms.people.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "lms.people.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# Wagtail sends signed-in people without admin access to the login page; redirecting
# them onwards from there would loop straight back to the admin.
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_FORMS = {"signup": "lms.people.forms.StaffSignupForm"}
# Failed logins are throttled per IP and per account (allauth's rate limiter uses the cache).
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("LOGIN_FAILED_RATE_LIMIT", default="10/m/ip,5/5m/key"),
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Council digital skills")
# Roles that may not use the site until they have set up an authenticator app.
LMS_MFA_REQUIRED_FOR = env.list("MFA_REQUIRED_FOR", default=["hr_admin", "platform_admin"])

SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_PROVIDERS = {}
# Council single sign-on (for example Microsoft Entra ID) is switched on from the
# environment: no code change is needed to add it.
if env.str("OIDC_CLIENT_ID", default=""):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": env.str("OIDC_PROVIDER_ID", default="entra"),
                "name": env.str("OIDC_NAME", default="Microsoft Entra ID"),
                "client_id": env.str("OIDC_CLIENT_ID"),
                "secret": env.str("OIDC_CLIENT_SECRET"),
                "settings": {
                    "server_url": env.str("OIDC_SERVER_URL"),
                    "token_auth_method": env.str(
                        "OIDC_TOKEN_AUTH_METHOD", default="client_secret_post"
                    ),
                },
            }
        ],
    }

# --- email ------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="learning@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- i18n -------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- files ------------------------------------------------------------------
STATIC_URL = "/static/"
# The project package is not an installed app, so its static folder is named here.
STATICFILES_DIRS = [BASE_DIR / "lms" / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Course packages are never served from a public URL: they live apart from MEDIA_ROOT
# and go out only through views that check enrolment.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "packages": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT / "packages"), "base_url": None},
    },
    # Evidence files, issued credentials and certificates: personal data, served only
    # through views that check who is asking.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT / "records"), "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# How package files reach the browser: "django" (stream), "x-accel" (nginx internal
# location at PACKAGE_FILE_ACCEL_PREFIX) or "storage-url" (e.g. S3 pre-signed URLs).
PACKAGE_FILE_SERVING = env.str("PACKAGE_FILE_SERVING", default="django")
PACKAGE_FILE_ACCEL_PREFIX = env.str("PACKAGE_FILE_ACCEL_PREFIX", default="/protected-packages/")
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- security ---------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Read here for production.py, which decides what to do with them.
HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- wagtail ----------------------------------------------------------------
WAGTAIL_SITE_NAME = env.str("SITE_NAME", default="Council digital skills")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Video and captions files are documents too: lessons' video blocks pick them from here.
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
    "mp4",
    "webm",
    "vtt",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 200 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAIL_ADMIN_PATH = "/admin/"
# Avatars from gravatar.com would tell a third party who edits, and CSP blocks them.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- careers (cms.careers) --------------------------------------------------
# How long interest registered on the careers pages is kept unless a careers index sets
# its own period. The form states it; a daily task deletes what has passed it.
CAREERS_INTEREST_RETENTION_DAYS = env.int("CAREERS_INTEREST_RETENTION_DAYS", default=365)
# Registering interest: attempts allowed per IP address, per window of seconds.
CAREERS_INTEREST_RATE_LIMIT = (5, 60 * 60)
# Anonymous careers pages are kept whole in the cache for at most this long (0: never).
CAREERS_PAGE_CACHE_SECONDS = env.int("CAREERS_PAGE_CACHE_SECONDS", default=300)
CELERY_BEAT_SCHEDULE = {
    "purge-expired-careers-interest": {
        "task": "cms.purge_interest_submissions",
        "schedule": 24 * 60 * 60,
    },
    # --- badges (H5): record expired awards and re-check their holders, hourly ---
    "badges-expire-awards": {
        "task": "badges.expire_awards",
        "schedule": 60 * 60,
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Wagtail runs a search-index task per page save and django-tasks logs each at INFO.
    "loggers": {"django_tasks": {"level": "WARNING"}},
}
