"""The general site: home and standard pages, and which council a site represents."""

from django.db import models
from django.http import Http404
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import PageBodyBlock
from cms.careers.models import *  # noqa: F403  (careers page types, registered with this app)
from cms.selectors import FROM_SITE_CACHE, home_child


class HomePage(Page):
    introduction = models.TextField(blank=True, max_length=400)
    body = StreamField(PageBodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    max_count_per_parent = 1
    template = "cms/home_page.html"

    def route(self, request, path_components):
        if not path_components:
            # A home page kept in the cache with its site is only for routing through;
            # the page itself is served as the database has it now.
            page = self
            if hasattr(self, FROM_SITE_CACHE):
                page = type(self).objects.filter(pk=self.pk).first()
                if page is None:
                    raise Http404
            return super(HomePage, page).route(request, path_components)
        child = home_child(request, self, path_components[0])
        if child is None:
            raise Http404
        child._cached_parent_obj = self
        return child.route(request, path_components[1:])


class StandardPage(Page):
    """Plain content: the accessibility statement, privacy notice, help pages."""

    introduction = models.TextField(blank=True, max_length=400)
    body = StreamField(PageBodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    template = "cms/standard_page.html"


@register_setting(icon="site")
class SiteOrganisation(BaseSiteSetting):
    """The council a site speaks for: its name and branding for visitors not signed in."""

    organisation = models.ForeignKey(
        "people.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    footer_text = models.CharField(max_length=300, blank=True)

    panels = [FieldPanel("organisation"), FieldPanel("footer_text")]

    class Meta:
        verbose_name = "council for this site"
