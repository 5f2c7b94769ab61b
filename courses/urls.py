from django.urls import include, path

from courses import views

urlpatterns = [
    path("learn/courses/<int:course_id>/enrol/", views.enrol, name="course_enrol"),
    path("learn/courses/<int:course_id>/leave/", views.withdraw, name="course_withdraw"),
    path("learn/courses/<int:course_id>/again/", views.take_again, name="course_take_again"),
    path("learn/courses/<int:course_id>/continue/", views.continue_course, name="course_continue"),
    path("learn/lessons/<int:lesson_id>/complete/", views.complete_lesson, name="lesson_complete"),
    path(
        "learn/lessons/<int:lesson_id>/quiz/<slug:activity_key>/",
        views.submit_quiz,
        name="lesson_quiz",
    ),
    path("", include("courses.h5p_player.urls")),
    path("", include("courses.scorm_runtime.urls")),
]
