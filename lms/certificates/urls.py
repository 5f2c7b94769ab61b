from django.urls import path

from lms.certificates.views import bulk, learner, verification

app_name = "certificates"

urlpatterns = [
    path("", learner.my_certificates, name="mine"),
    path("<str:code>/download/", learner.download, name="download"),
    path("verify/", verification.lookup, name="lookup"),
    path("verify/<str:code>/", verification.verify, name="verify"),
    path("bulk/", bulk.start, name="bulk"),
    path("bulk/<int:job_id>/", bulk.job_detail, name="bulk_job"),
    path("bulk/<int:job_id>/download/", bulk.job_download, name="bulk_download"),
]
