from django.urls import path

from lms.people import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("account/", views.account_overview, name="account_overview"),
    path("team/", views.team, name="team"),
    path("manage/<slug:org_slug>/", views.organisation_overview, name="manage_overview"),
    path("manage/<slug:org_slug>/people/", views.staff_list, name="manage_staff_list"),
    path(
        "manage/<slug:org_slug>/people/<int:profile_id>/",
        views.staff_detail,
        name="manage_staff_detail",
    ),
]
