from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms.ops.views import healthz
from lms.people.views import PublicSignupView

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/signup/public/", PublicSignupView.as_view(), name="account_signup_public"),
    path("accounts/", include("allauth.urls")),
    path("", include("lms.people.urls")),
    path("", include("lms.records.urls")),
    path("", include("courses.urls")),
    path("", include("courses.delivery.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every path not matched above, so it stays last.
urlpatterns += [path("", include(wagtail_urls))]
