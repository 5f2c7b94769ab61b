"""Public-site quality: descriptions, Open Graph tags, the sitemap and robots.txt."""

from __future__ import annotations

import re

import pytest
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, PageViewRestriction

from cms.careers import factories as f
from cms.models import StandardPage
from courses.factories import course_with_lessons
from courses.models import LessonPage


def meta(html: str, attribute: str, name: str) -> str | None:
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html)
    return found.group(1) if found else None


@pytest.fixture
def index(db):
    return f.careers_index(search_description="Digital jobs in councils, and how to get one.")


def test_careers_pages_describe_themselves_for_search_and_link_previews(client, index):
    role = f.role_page(index=index, title="Data analyst", summary="Turns data into evidence.")

    html = client.get(role.url).content.decode()

    assert "<title>Data analyst \N{EN DASH} Digital skills</title>" in html
    assert meta(html, "name", "description") == "Turns data into evidence."
    assert meta(html, "property", "og:title") == "Data analyst"
    assert meta(html, "property", "og:description") == "Turns data into evidence."
    assert meta(html, "property", "og:type") == "website"
    assert meta(html, "property", "og:url") == f"http://localhost{role.url}"
    assert meta(html, "property", "og:image") is None
    assert f'<link rel="canonical" href="http://localhost{role.url}">' in html


def test_the_search_description_wins_and_a_social_image_is_offered(client, index):
    from wagtail.images.models import Image

    index.social_image = Image.objects.create(
        title="Town hall", description="The town hall at dusk", file=get_test_image_file()
    )
    index.save_revision().publish()

    html = client.get(index.url).content.decode()

    assert meta(html, "name", "description") == "Digital jobs in councils, and how to get one."
    image = meta(html, "property", "og:image")
    assert image.startswith("http://localhost/") and image.endswith(".png")
    assert meta(html, "property", "og:image:alt") == "The town hall at dusk"


def test_a_story_is_an_article(client, index):
    story = f.story_page(index=index)

    assert meta(client.get(story.url).content.decode(), "property", "og:type") == "article"


def test_the_careers_views_outside_wagtail_describe_themselves_too(
    client, client_for, graduate, index
):
    from django.urls import reverse

    pages = {
        reverse("careers:register_interest"): (client, "Register your interest"),
        reverse("careers:interest_thanks"): (client, "Thank you"),
        reverse("careers:self_check"): (client_for(graduate), "Check your skills against a role"),
        reverse("careers:my_careers"): (client_for(graduate), "Your careers"),
    }
    for path, (as_who, title) in pages.items():
        html = as_who.get(path).content.decode()
        assert f"<title>{title} \N{EN DASH} Digital skills" in html, path
        assert meta(html, "name", "description"), path
        assert meta(html, "property", "og:title") == title, path
        assert meta(html, "property", "og:url") == f"http://localhost{path}", path
        assert f'<link rel="canonical" href="http://localhost{path}">' in html, path
    register = client.get(reverse("careers:register_interest")).content.decode()
    assert "We keep your details for 12 months" in meta(register, "name", "description")


def test_pages_outside_wagtail_get_no_page_tags(client_for, hr_admin, council):
    # The staff list paginates with a variable named `page` that is no Wagtail page.
    html = client_for(hr_admin).get(f"/manage/{council.slug}/people/").content.decode()

    assert 'property="og:' not in html


def test_the_sitemap_lists_public_pages_only(client, index, council):
    role = f.role_page(index=index)
    draft = f.role_page(index=index, publish=False)
    taster, _ = f.public_taster(badge_slug=None)
    staff_course = course_with_lessons(title="Staff only", owning_council=council)
    home = Page.objects.get(depth=2)
    private = home.add_child(instance=StandardPage(title="Notices", slug="notices"))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    response = client.get("/sitemap.xml")

    xml = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    for page in (home, index, role, taster):
        assert f"<loc>http://localhost{page.url}</loc>" in xml
    for page in (draft, staff_course, private, *LessonPage.objects.all()):
        assert f"<loc>http://localhost{page.url}</loc>" not in xml


def test_robots_keeps_crawlers_out_of_signed_in_areas_and_names_the_sitemap(client, db):
    response = client.get("/robots.txt")

    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    for path in ("/admin/", "/accounts/", "/manage/", "/my-learning/", "/my-careers/"):
        assert f"Disallow: {path}\n" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
