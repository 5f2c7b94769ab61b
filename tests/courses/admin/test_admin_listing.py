"""The package list, a package's page, renaming and deleting, the lesson chooser, and the
group permissions an admin grants."""

from __future__ import annotations

from html import escape

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse

from courses.factories import course_with_lessons
from courses.models import ContentPackage, LessonPage
from courses.models.scorm import ScormAttempt
from lms.records.models import Enrolment
from tests.courses.admin.conftest import checked_package, grant, url
from tests.courses.hostile import minimal_h5p
from tests.courses.scorm_fixtures import build_scorm12_package, build_scorm2004_package

pytestmark = pytest.mark.django_db


@pytest.fixture
def packages(council, other_council):
    """One package in each state: ours, the sector library's, and another council's."""
    ready = checked_package(build_scorm12_package(), "ready.zip", owning_council=council)
    rejected = checked_package(
        minimal_h5p(extra={"content/shell.php": b"<?php"}), "rejected.h5p", owning_council=council
    )
    waiting = ContentPackage.objects.create(kind="scorm", title="waiting", owning_council=council)
    waiting.source.save("waiting.zip", ContentFile(build_scorm12_package()))
    checking = ContentPackage.objects.create(
        kind="h5p", title="checking", status="processing", owning_council=council
    )
    sector = checked_package(build_scorm2004_package(), "sector.zip")
    theirs = checked_package(build_scorm12_package(), "theirs.zip", owning_council=other_council)
    return {
        package.title: package for package in (ready, rejected, waiting, checking, sector, theirs)
    }


def test_the_list_shows_each_status_and_a_rejection_reason_in_full(
    client_for, package_editor, packages
):
    content = client_for(package_editor).get(url("list")).content.decode()
    for label in ("Ready", "Rejected", "Waiting to be checked", "Being checked"):
        assert label in content
    assert escape(packages["rejected"].error) in content
    assert "Sector library" in content
    # Titles open the package's page.
    assert url("inspect", packages["ready"].pk) in content


def test_an_editor_sees_their_council_and_the_sector_library_only(
    client_for, package_editor, packages
):
    client = client_for(package_editor)
    content = client.get(url("list")).content.decode()
    assert "sector" in content and "theirs" not in content
    assert client.get(url("inspect", packages["theirs"].pk)).status_code == 404
    assert client.get(url("usage", packages["theirs"].pk)).status_code == 404
    assert client.get(url("history", packages["theirs"].pk)).status_code == 404


def test_a_platform_admin_sees_every_council(client_for, platform_admin, packages):
    content = client_for(platform_admin).get(url("list")).content.decode()
    assert "theirs" in content and "Southby Borough Council" in content


@pytest.mark.parametrize(
    "query, shown",
    [
        ({"status": "rejected"}, {"rejected"}),
        ({"kind": "h5p"}, {"rejected", "checking"}),
        ({"owning_council": "null"}, {"sector"}),
        ({"q": "waiting"}, {"waiting"}),
        # Rejection reasons are searchable too: "which packages had PHP in them?"
        ({"q": "shell.php"}, {"rejected"}),
        ({"ordering": "status", "status": "ready"}, {"ready", "sector"}),
    ],
)
def test_filters_and_search(client_for, package_editor, packages, query, shown):
    response = client_for(package_editor).get(url("list_results"), query)
    assert response.status_code == 200
    content = response.content.decode()
    listed = {title for title, package in packages.items() if url("inspect", package.pk) in content}
    assert listed == shown


def test_a_scorm_package_page_shows_its_version_scos_and_files(
    client_for, package_editor, packages
):
    content = client_for(package_editor).get(url("inspect", packages["ready"].pk)).content.decode()
    assert "SCORM version" in content and "1.2" in content
    for sco in packages["ready"].manifest["scorm"]["scos"]:
        assert escape(sco["title"]) in content and sco["launch_url"] in content
    assert "Files unpacked" in content
    assert "No lesson uses this package yet." in content
    # Ready packages have nothing to check again.
    assert url("check_again", packages["ready"].pk) not in content


def test_an_h5p_package_page_shows_its_main_library(client_for, package_editor, truefalse_h5p):
    package = checked_package(truefalse_h5p.read_bytes(), "truefalse.h5p")
    content = client_for(package_editor).get(url("inspect", package.pk)).content.decode()
    assert "Main library" in content and "H5P.TrueFalse 1." in content


def test_a_rejected_package_page_shows_the_reason_and_offers_a_recheck(
    client_for, package_editor, packages
):
    rejected = packages["rejected"]
    content = client_for(package_editor).get(url("inspect", rejected.pk)).content.decode()
    assert "Why it was rejected" in content and escape(rejected.error) in content
    assert rejected.error_code == "forbidden_file_type" and "forbidden_file_type" in content
    assert url("check_again", rejected.pk) in content


def test_a_package_page_lists_the_lessons_that_use_it(client_for, package_editor, packages):
    package = packages["ready"]
    course = course_with_lessons(title="Shared drives", lessons=[[("scorm", {"package": package})]])
    lesson = LessonPage.objects.child_of(course).get()
    content = client_for(package_editor).get(url("inspect", package.pk)).content.decode()
    assert lesson.title in content and "Shared drives" in content
    assert f"/admin/pages/{lesson.pk}/edit/" in content


def test_renaming_is_limited_to_the_title_for_council_editors(
    client_for, package_editor, packages, council
):
    client = client_for(package_editor)
    ready = packages["ready"]
    form = client.get(url("edit", ready.pk)).content.decode()
    assert 'name="title"' in form and 'name="owning_council"' not in form
    assert 'name="source"' not in form
    response = client.post(url("edit", ready.pk), {"title": "Renamed", "owning_council": ""})
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.title == "Renamed" and ready.owning_council == council
    # The sector library and other councils' packages are not theirs to change.
    assert client.get(url("edit", packages["sector"].pk)).status_code == 404
    assert client.get(url("edit", packages["theirs"].pk)).status_code == 404
    assert client.get(url("delete", packages["sector"].pk)).status_code == 404


def test_platform_admins_can_move_a_package_to_the_sector_library(
    client_for, platform_admin, packages
):
    ready = packages["ready"]
    response = client_for(platform_admin).post(
        url("edit", ready.pk), {"title": ready.title, "owning_council": ""}
    )
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.owning_council is None


def test_a_package_with_learner_attempts_is_not_deleted(
    client_for, package_editor, packages, learner, council
):
    package = packages["ready"]
    course = course_with_lessons(lessons=[[("scorm", {"package": package})]])
    lesson = LessonPage.objects.child_of(course).get()
    enrolment = Enrolment.objects.create(user=learner, organisation=council, course=course)
    ScormAttempt.objects.create(
        enrolment=enrolment, lesson=lesson, activity_key="a", package=package, sco_identifier="s"
    )
    client = client_for(package_editor)
    response = client.post(url("delete", package.pk))
    assert response.status_code == 302
    assert ContentPackage.objects.filter(pk=package.pk).exists()
    assert client.post(url("delete", packages["waiting"].pk)).status_code == 302
    assert not ContentPackage.objects.filter(pk=packages["waiting"].pk).exists()


def test_there_is_no_generic_create_or_copy_form(client_for, platform_admin, packages):
    client = client_for(platform_admin)
    # "Add" is the upload page; a model form would store a file without checking it.
    assert 'name="files"' in client.get(url("add")).content.decode()
    listing = client.get(url("list")).content.decode()
    assert "/copy/" not in listing
    assert 'name="source"' not in client.get(url("edit", packages["ready"].pk)).content.decode()


def test_the_lesson_chooser_offers_ready_packages_only(client_for, package_editor, packages):
    client = client_for(package_editor)
    chooser = "/admin/snippets/choose/courses/contentpackage/"
    content = client.get(chooser).json()["html"]
    assert "ready (SCORM)" in content and "sector (SCORM)" in content
    for hidden in ("rejected", "waiting", "checking", "theirs"):
        assert f"{hidden} (" not in content, hidden
    only_h5p = client.get(chooser, {"kind": "h5p"}).json()["html"]
    assert "ready (SCORM)" not in only_h5p and "sector (SCORM)" not in only_h5p
    assert "results/?kind=h5p" in only_h5p
    chosen = f"{chooser}chosen/{packages['ready'].pk}/"
    assert client.get(chosen).status_code == 200
    assert client.get(f"{chooser}chosen/{packages['rejected'].pk}/").status_code == 404
    assert client.get(f"{chooser}chosen/{packages['theirs'].pk}/").status_code == 404


def test_the_group_editor_offers_the_upload_permissions(client_for, platform_admin):
    group = Group.objects.get(name="Editors")
    content = (
        client_for(platform_admin)
        .get(reverse("wagtailusers_groups:edit", args=[group.pk]))
        .content.decode()
    )
    assert "Can upload H5P packages" in content
    assert "Can upload SCORM packages" in content


def test_the_menu_shows_the_area_only_to_those_with_a_package_permission(client_for, editor):
    assert "Content packages" not in client_for(editor).get("/admin/").content.decode()
    assert client_for(editor).get(url("list")).status_code == 302
    uploader = grant(editor, "upload_scorm")
    assert "Content packages" in client_for(uploader).get("/admin/").content.decode()
    assert client_for(uploader).get(url("list")).status_code == 200
