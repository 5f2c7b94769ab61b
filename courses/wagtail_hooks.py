from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from courses.admin.policy import ContentPackagePolicy
from courses.admin.views import ContentPackageViewSet
from courses.models import ContentPackage, CoursePage, LessonPage
from courses.packages.admin_actions import REQUEUED_ACTION

# Before the viewset, so its menu item, listing and views ask this policy.
register_permission_policy(ContentPackage, ContentPackagePolicy(ContentPackage))
register_snippet(ContentPackageViewSet)


@hooks.register("register_log_actions")
def register_package_log_actions(actions):
    actions.register_action(
        REQUEUED_ACTION, "Check again", "Queued to be checked again from the uploaded file"
    )


@hooks.register("before_publish_page")
def refuse_course_without_lessons(request, page):
    """A course with no live lessons would be an empty promise in the catalogue."""
    if not isinstance(page.specific, CoursePage):
        return None
    if not LessonPage.objects.child_of(page).live().exists():
        messages.error(
            request,
            "A course needs at least one published lesson before it can be published. "
            "Save it as a draft, add and publish its lessons, then publish the course.",
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None
