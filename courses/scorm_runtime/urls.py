from django.urls import path

from courses.scorm_runtime import views

urlpatterns = [
    path(
        "learn/lessons/<int:lesson_id>/scorm/<slug:activity_key>/",
        views.player,
        name="scorm_player",
    ),
    path(
        "learn/lessons/<int:lesson_id>/scorm/<slug:activity_key>/<int:position>/",
        views.player,
        name="scorm_player_part",
    ),
    path(
        "learn/scorm/attempts/<int:attempt_id>/commit/",
        views.commit,
        name="scorm_commit",
    ),
]
