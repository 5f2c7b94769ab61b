"""Open Badges URLs, included under /badges/. The JWKS sits at the site root (lms/urls.py)."""

from django.urls import path

from badges.openbadges.views import downloads, public, verification

app_name = "openbadges"

urlpatterns = [
    path("issuers/<slug:org_slug>/", public.issuer_view, name="issuer"),
    path("issuer/", public.platform_issuer_view, name="platform_issuer"),
    path("achievements/<int:pk>/", public.achievement_view, name="achievement"),
    path(
        "achievements/<int:pk>/image.png", public.achievement_image_view, name="achievement_image"
    ),
    path("competences/<uuid:identifier>/", public.competence_view, name="competence"),
    path("status/<slug:kid>/", public.status_list_view, name="status_list"),
    path("verify/<uuid:public_id>/", verification.verify_page_view, name="verify"),
    path("api/verify/", verification.verify_api_view, name="verify_api"),
    path("api/verify/<uuid:public_id>/", verification.verify_by_id_view, name="verify_json"),
    path(
        "credentials/<uuid:public_id>/badge.png",
        downloads.credential_png_view,
        name="credential_png",
    ),
    path(
        "credentials/<uuid:public_id>/credential.json",
        downloads.credential_json_view,
        name="credential_json",
    ),
]
