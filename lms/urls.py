from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from badges.openbadges.views.public import jwks_view
from lms.ops.views import healthz
from lms.people.views import PublicSignupView

# Wagtail's own password forms would skip allauth's two-step sign-in, rate limits and
# email verification, so their URLs (same names) send people to allauth instead.
to_sign_in = RedirectView.as_view(pattern_name="account_login", query_string=True)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/login/", to_sign_in, name="wagtailadmin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/signup/public/", PublicSignupView.as_view(), name="account_signup_public"),
    path("accounts/", include("allauth.urls")),
    path("", include("lms.people.urls")),
    path("", include("lms.records.urls")),
    path("", include("courses.urls")),
    path("", include("courses.delivery.urls")),
    path(".well-known/jwks.json", jwks_view, name="jwks"),
    path("badges/", include("badges.openbadges.urls")),
    path("badges/", include("badges.portfolio.urls")),
    path("certificates/", include("lms.certificates.urls")),
    path("", include("cms.urls")),
    path("", include("cms.careers.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every path not matched above, so it stays last.
urlpatterns += [
    path("_util/login/", to_sign_in, name="wagtailcore_login"),
    path("", include(wagtail_urls)),
]
