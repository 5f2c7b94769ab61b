"""The catalogue's filters: competence area, job role, level, duration, format, search."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet

from courses.models import CoursePage
from courses.models.pages import DIGCOMP_AREAS, CourseFormat, Level
from courses.selectors import catalogue_for
from lms.people.models import JobRole
from lms.people.permissions import viewer_for

DURATIONS = {
    "short": ("Under 15 minutes", 0, 14),
    "medium": ("15 to 60 minutes", 15, 60),
    "long": ("Over an hour", 61, None),
}


class CatalogueFilters(forms.Form):
    q = forms.CharField(label="Search courses", required=False, max_length=100)
    area = forms.ChoiceField(
        label="Competence area", required=False, choices=[("", "Any area"), *DIGCOMP_AREAS]
    )
    job_role = forms.ModelChoiceField(
        label="Job role",
        required=False,
        queryset=JobRole.objects.filter(organisation__isnull=True),
        empty_label="Any role",
    )
    level = forms.ChoiceField(
        label="Level", required=False, choices=[("", "Any level"), *Level.choices]
    )
    duration = forms.ChoiceField(
        label="Length",
        required=False,
        choices=[("", "Any length"), *((key, label) for key, (label, _, _) in DURATIONS.items())],
    )
    format = forms.ChoiceField(
        label="Format", required=False, choices=[("", "Any format"), *CourseFormat.choices]
    )

    def apply(self, request) -> QuerySet[CoursePage]:
        courses = catalogue_for(viewer_for(request)).order_by("title")
        if not self.is_bound:
            return courses
        if not self.is_valid():
            return courses.none()
        data = self.cleaned_data
        if data["area"]:
            courses = courses.filter(competences__area=data["area"]).distinct()
        if data["job_role"]:
            courses = courses.filter(job_roles=data["job_role"])
        if data["level"]:
            courses = courses.filter(level=data["level"])
        if data["format"]:
            courses = courses.filter(format=data["format"])
        if data["duration"]:
            _, low, high = DURATIONS[data["duration"]]
            courses = courses.filter(duration_minutes__gte=low)
            if high is not None:
                courses = courses.filter(duration_minutes__lte=high)
        if data["q"]:
            matches = [page.pk for page in CoursePage.objects.live().search(data["q"])]
            courses = courses.filter(pk__in=matches)
        return courses
