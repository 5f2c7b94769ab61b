"""The public sitemap: live pages anyone may read, without staff-only courses or lessons."""

from __future__ import annotations

from wagtail.contrib.sitemaps import Sitemap


class PublicSitemap(Sitemap):
    def items(self):
        from courses.models.pages import Audience, CoursePage, LessonPage

        # Wagtail's own list already leaves out drafts and pages behind a view
        # restriction; a staff course is hidden by its own rules instead, and lessons
        # are only served to people enrolled on the course.
        staff_courses = CoursePage.objects.exclude(audience=Audience.PUBLIC).values("pk")
        return super().items().not_type(LessonPage).exclude(pk__in=staff_courses)
