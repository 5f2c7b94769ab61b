"""Whether an achievement gets a certificate.

Badges: the badge's own switch (BadgeClass.issues_certificate), set by whoever owns the
badge. Courses: CoursePage has no such field and sector courses are shared by every
council, so each council lists in its certificate design the courses it gives no
certificate for (CourseWithoutCertificate). The decision is the learner's council's.
"""

from __future__ import annotations

from lms.certificates.models import CourseWithoutCertificate


def course_issues_certificate(*, organisation, course_id: int) -> bool:
    if organisation is None:
        return True
    return not CourseWithoutCertificate.objects.filter(
        design__organisation=organisation, course_id=course_id
    ).exists()


def badge_issues_certificate(*, badge_class) -> bool:
    return bool(badge_class.issues_certificate)
