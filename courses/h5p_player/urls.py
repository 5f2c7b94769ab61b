from django.urls import path

from courses.h5p_player import views

urlpatterns = [
    path(
        "learn/lessons/<int:lesson_id>/h5p/<slug:activity_key>/",
        views.launch,
        name="h5p_launch",
    ),
    path(
        "learn/lessons/<int:lesson_id>/h5p/<slug:activity_key>/statements/",
        views.statement,
        name="h5p_statement",
    ),
    path(
        "learn/lessons/<int:lesson_id>/h5p/<slug:activity_key>/state/",
        views.state,
        name="h5p_state",
    ),
    path("h5p/play/<str:token>/", views.player, name="h5p_player"),
    path("h5p/files/<str:token>/<path:path>", views.player_file, name="h5p_player_file"),
]
