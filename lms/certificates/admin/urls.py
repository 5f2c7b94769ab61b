from django.urls import path

from lms.certificates.admin import views

app_name = "certificates_admin"

urlpatterns = [
    path("", views.CertificateListView.as_view(), name="list"),
    path("<int:certificate_id>/render/", views.RenderAgainView.as_view(), name="render_again"),
    path("preview/<int:organisation_id>/", views.DesignPreviewView.as_view(), name="preview"),
]
