from courses.models.packages import ContentPackage
from courses.models.pages import CourseCompetence, CourseIndexPage, CoursePage, LessonPage
from courses.models.scorm import ScormAttempt

__all__ = [
    "ContentPackage",
    "CourseCompetence",
    "CourseIndexPage",
    "CoursePage",
    "LessonPage",
    "ScormAttempt",
]
