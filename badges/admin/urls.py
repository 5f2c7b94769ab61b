"""Admin URLs for awards, re-evaluation runs and the audit log (under /admin/badges/)."""

from django.urls import path

from badges.admin.audit_views import AuditLogView
from badges.admin.award_views import AwardListView, ManualAwardView, RevokeAwardView
from badges.admin.csv_views import CsvAwardView
from badges.admin.run_views import ReevaluateView, RunDetailView, RunListView

app_name = "badges_admin"

urlpatterns = [
    path("awards/", AwardListView.as_view(), name="awards"),
    path("awards/new/", ManualAwardView.as_view(), name="award"),
    path("awards/csv/", CsvAwardView.as_view(), name="award_csv"),
    path("awards/<int:award_id>/revoke/", RevokeAwardView.as_view(), name="revoke"),
    path("reevaluate/<int:badge_id>/", ReevaluateView.as_view(), name="reevaluate"),
    path("runs/", RunListView.as_view(), name="runs"),
    path("runs/<int:run_id>/", RunDetailView.as_view(), name="run"),
    path("audit/", AuditLogView.as_view(), name="audit"),
]
