"""Fixtures for the badge admin tests.

- badge_editor: the `editor` persona, with Wagtail's "Can add/change/view badge"
  permissions given to the Editors group (as a platform admin would in the group editor).
- award_admin / other_award_admin: the HR admin personas, also given access to the
  Wagtail admin (a group with only "Can access Wagtail admin"): HR admins reach the
  badge award screens only once their council lets them into the admin.
- scale / other_scale: a sector framework with levels and a competence, and another
  council's own framework, for alignment and level checks.
- quiz_course: a council course whose second lesson holds a quiz.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from badges.factories import FrameworkFactory, FrameworkItemFactory, scale
from courses.factories import course_with_lessons, quiz_block, text_block


@pytest.fixture
def badge_editor(editor):
    group = Group.objects.get(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="badges",
            codename__in=["add_badgeclass", "change_badgeclass", "view_badgeclass"],
        )
    )
    return editor


def _admin_access_group() -> Group:
    group, _ = Group.objects.get_or_create(name="Badge administrators")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return group


@pytest.fixture
def award_admin(hr_admin):
    hr_admin.groups.add(_admin_access_group())
    return hr_admin


@pytest.fixture
def other_award_admin(other_hr_admin):
    other_hr_admin.groups.add(_admin_access_group())
    return other_hr_admin


class Scale:
    def __init__(self, framework):
        self.framework = framework
        self.levels = scale(framework, ranks=4)
        self.item = FrameworkItemFactory(framework=framework, code="4.2", title="Protecting data")


@pytest.fixture
def sector_scale(db):
    return Scale(FrameworkFactory(code="digi", title="Digi skills"))


@pytest.fixture
def other_scale(other_council):
    return Scale(
        FrameworkFactory(code="southby-ict", title="Southby ICT", organisation=other_council)
    )


@pytest.fixture
def quiz_course(council):
    return course_with_lessons(
        title="Passwords", lessons=[[text_block()], [quiz_block()]], owning_council=council
    )


@pytest.fixture
def quiz_key(quiz_course):
    lesson = quiz_course.get_children().specific().last()
    return lesson, lesson.activities()[0][0]
