"""The project's URLs plus the bare view every machine-dependent figure is measured against."""

from django.http import HttpResponse
from django.urls import path

from lms.urls import urlpatterns as project_urlpatterns


def bare_view(request):
    """Django with the project's full middleware stack and nothing else: the baseline."""
    return HttpResponse("ok")


# First, so neither the project's routes nor Wagtail's catch-all page serving can shadow it.
urlpatterns = [path("bench/bare", bare_view, name="bench_bare"), *project_urlpatterns]
