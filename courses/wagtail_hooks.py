from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from courses.models import ContentPackage, CoursePage, LessonPage


class ContentPackageViewSet(SnippetViewSet):
    model = ContentPackage
    icon = "form"
    menu_label = "Content packages"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["title", "kind", "status", "owning_council", "created_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]


register_snippet(ContentPackageViewSet)


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
