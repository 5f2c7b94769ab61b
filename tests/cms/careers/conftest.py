"""Careers fixtures: the demo careers content seeded under the test site's home page.

`careers`: seed_careers's result plus the pages it made, by slug: `careers.index`,
`careers.role("data-analyst")`, `careers.pathway(...)`, `careers.taster(...)`,
`careers.badge(...)`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from wagtail.models import Page


@dataclass
class Careers:
    result: object
    index: object

    def role(self, slug: str):
        from cms.careers.models import RoleProfilePage

        return RoleProfilePage.objects.get(slug=slug)

    def pathway(self, slug: str):
        from cms.careers.models import PathwayPage

        return PathwayPage.objects.get(slug=slug)

    def story(self, slug: str):
        from cms.careers.models import StoryPage

        return StoryPage.objects.get(slug=slug)

    def taster(self, slug: str):
        from courses.models import CoursePage

        return CoursePage.objects.get(slug=slug)

    def badge(self, slug: str):
        from badges.models import BadgeClass

        return BadgeClass.objects.get(organisation__isnull=True, slug=slug)


@pytest.fixture
def home(db):
    return Page.objects.get(depth=2).specific


@pytest.fixture
def careers(home):
    from cms.careers.demo import seed_careers
    from cms.careers.models import CareersIndexPage

    result = seed_careers(home_page=home)
    return Careers(result=result, index=CareersIndexPage.objects.get())
