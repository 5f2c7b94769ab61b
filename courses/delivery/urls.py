from django.urls import path

from courses.delivery import views

urlpatterns = [
    path("packages/<str:token>/<path:path>", views.package_file, name="package_file"),
]
