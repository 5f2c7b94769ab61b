from courses.models.packages import ContentPackage
from courses.models.pages import CourseCompetence, CourseIndexPage, CoursePage, LessonPage

__all__ = ["ContentPackage", "CourseCompetence", "CourseIndexPage", "CoursePage", "LessonPage"]
