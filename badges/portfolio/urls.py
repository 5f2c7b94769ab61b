from django.urls import path

from badges.portfolio.views import files, learner, manager, sharing

app_name = "portfolio"

urlpatterns = [
    path("", learner.wallet, name="wallet"),
    path("<int:badge_id>/", learner.badge_detail, name="badge"),
    path(
        "<int:badge_id>/evidence/<int:criterion_id>/",
        learner.submit_evidence,
        name="submit_evidence",
    ),
    path(
        "evidence/<int:submission_id>/withdraw/",
        learner.withdraw_evidence,
        name="withdraw_evidence",
    ),
    path(
        "evidence/<int:submission_id>/<slug:which>/",
        files.evidence_file,
        name="evidence_file",
    ),
    path("profile/", learner.profile, name="profile"),
    path("profile/assess/<int:item_id>/", learner.self_assess, name="self_assess"),
    path("share/", sharing.create_share_link, name="share_create"),
    path("share/stop/", sharing.revoke_share_link, name="share_revoke"),
    path("shared/<str:token>/", sharing.shared, name="shared"),
    path("sign-off/", manager.sign_off_queue, name="sign_off_queue"),
    path("sign-off/evidence/<int:submission_id>/", manager.decide_evidence, name="decide_evidence"),
    path(
        "sign-off/self-assessment/<int:assessment_id>/",
        manager.decide_self_assessment,
        name="decide_self_assessment",
    ),
    path("team/", manager.team_matrix_view, name="team_matrix"),
    path("team/matrix.csv", manager.team_matrix_csv, name="team_matrix_csv"),
]
