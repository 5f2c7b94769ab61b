"""Routing to courses starts from the site, its home page and the catalogue, which are
kept in the cache between requests, as is the footer's site setting: what editors change
must show on the next request, and the cached copies are only routed through, never
served."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from cms.models import HomePage, SiteOrganisation, StandardPage
from courses.factories import course_index
from courses.models import CourseIndexPage


def _queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured]


def test_a_second_visit_finds_the_site_and_catalogue_in_the_cache(learner_client, course):
    url = course.lessons()[0].url
    learner_client.get(url)
    queries = _queries(learner_client, url)
    assert not [sql for sql in queries if "wagtailcore_site" in sql]
    # The course and the lesson in one query; none for the home page or the catalogue.
    pages_loaded = [sql for sql in queries if '"wagtailcore_page"."numchild"' in sql]
    assert len(pages_loaded) == 1


def test_home_page_edits_show_although_its_copy_is_cached(client_for, course):
    client = client_for(None)
    client.get(course.url)
    home = HomePage.objects.get()
    home.introduction = "Learn at your own pace."
    home.save_revision().publish()
    assert b"Learn at your own pace." in client.get("/").content
    # Saved without a signal: served from the database all the same.
    HomePage.objects.filter(pk=home.pk).update(introduction="Quietly changed.")
    assert b"Quietly changed." in client.get("/").content


def test_catalogue_edits_show_although_its_copy_is_cached(learner_client, course):
    catalogue = course_index()
    learner_client.get(course.url)
    learner_client.get(catalogue.url)
    CourseIndexPage.objects.filter(pk=catalogue.pk).update(introduction="Quietly changed.")
    assert b"Quietly changed." in learner_client.get(catalogue.url).content


def test_an_unpublished_home_page_is_not_served_from_the_cache(client_for, course):
    client = client_for(None)
    assert client.get("/").status_code == 200
    HomePage.objects.get().unpublish()
    assert client.get("/").status_code == 404


def test_a_renamed_catalogue_moves_its_courses(learner_client, course):
    lesson_path = course.lessons()[0].url.split("/courses/", 1)[1]
    assert learner_client.get(f"/courses/{lesson_path}").status_code == 200
    catalogue = course_index()
    catalogue.slug = "learning"
    catalogue.save_revision().publish()
    assert learner_client.get(f"/courses/{lesson_path}").status_code == 404
    assert learner_client.get(f"/learning/{lesson_path}").status_code == 200


def test_other_home_page_children_route_as_before(client_for, course):
    home = HomePage.objects.get()
    help_page = StandardPage(title="Help", slug="help", introduction="How to use the site.")
    home.add_child(instance=help_page)
    help_page.save_revision().publish()
    client = client_for(None)
    client.get(course.url)
    assert b"How to use the site." in client.get("/help/").content
    assert client.get("/no-such-page/").status_code == 404


def test_a_new_site_root_is_used_at_once(client_for, course):
    client = client_for(None)
    assert client.get("/").status_code == 200
    home = HomePage.objects.get()
    other_home = Page.objects.get(depth=1).add_child(
        instance=StandardPage(title="Another site", slug="another", introduction="Elsewhere.")
    )
    site = Site.objects.get(is_default_site=True)
    site.root_page = other_home
    site.save()
    assert b"Elsewhere." in client.get("/").content
    site.root_page = home
    site.save()
    assert client.get("/").status_code == 200
    assert b"Elsewhere." not in client.get("/").content


def test_the_footer_setting_is_cached_and_changes_show(client_for, learner, council, course):
    client = client_for(learner)
    setting = SiteOrganisation.for_site(Site.objects.get(is_default_site=True))
    setting.footer_text = "Run by the learning team."
    setting.save()
    url = course.lessons()[0].url
    assert b"Run by the learning team." in client.get(url).content
    queries = _queries(client, url)
    assert not [sql for sql in queries if "cms_siteorganisation" in sql]
    setting.footer_text = "Run by the people team."
    setting.save()
    assert b"Run by the people team." in client.get(url).content


def test_visitors_see_the_site_council_and_its_current_name(client_for, council):
    setting = SiteOrganisation.for_site(Site.objects.get(is_default_site=True))
    setting.organisation = council
    setting.save()
    client = client_for(None)
    assert council.name.encode() in client.get("/").content
    council.name = "Northby Unitary Council"
    council.save()
    assert b"Northby Unitary Council" in client.get("/").content
    assert cache.get(f"cms:site-organisation:{setting.site_id}") is not None
