"""Uploading packages in the admin: one file, many, bad ones among good, and who may."""

from __future__ import annotations

from html import escape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from courses.admin import upload as upload_module
from courses.models import ContentPackage
from tests.courses.admin.conftest import grant, url
from tests.courses.hostile import minimal_h5p
from tests.courses.scorm_fixtures import build_scorm12_package, build_scorm2004_package

pytestmark = pytest.mark.django_db


def assert_refused(response):
    # Wagtail turns a refusal in its admin into a redirect home with an error message.
    assert response.status_code == 302 and response["Location"] == "/admin/", response


def test_one_scorm_file_becomes_a_ready_package_in_the_editors_council(
    client_for, scorm_editor, council, post_files
):
    response = post_files(
        client_for(scorm_editor), [("phishing.zip", build_scorm12_package())], title="Phishing"
    )
    assert response.status_code == 200
    package = ContentPackage.objects.get()
    assert package.title == "Phishing"
    assert package.kind == "scorm" and package.owning_council == council
    assert package.uploaded_by == scorm_editor
    assert package.status == ContentPackage.Status.READY, package.error
    content = response.content.decode()
    assert "What happened to each file" in content and "phishing.zip" in content
    assert url("inspect", package.pk) in content


def test_many_files_at_once_each_become_a_package(
    client_for, package_editor, truefalse_h5p, post_files
):
    files = [
        ("one.zip", build_scorm12_package()),
        ("two.zip", build_scorm2004_package()),
        ("truefalse.h5p", truefalse_h5p.read_bytes()),
    ]
    # A title means nothing for a batch: each package is named after its file.
    response = post_files(client_for(package_editor), files, title="Ignored")
    assert response.status_code == 200
    packages = {package.title: package for package in ContentPackage.objects.all()}
    assert set(packages) == {"one", "two", "truefalse"}
    assert {package.status for package in packages.values()} == {"ready"}
    assert packages["truefalse"].kind == "h5p"
    assert "3 of 3 files" in response.content.decode()


def test_bad_files_are_reported_and_do_not_stop_the_good_ones(
    client_for, package_editor, post_files
):
    files = [
        ("good.zip", build_scorm2004_package()),
        ("shell.php", b"<?php system($_GET['c']);"),
        ("renamed.zip", b"%PDF-1.7 not a zip at all"),
        ("bad.h5p", minimal_h5p(extra={"content/evil.js": b"fetch('/admin/')"})),
        ("also-good.zip", build_scorm12_package()),
    ]
    response = post_files(client_for(package_editor), files)
    content = response.content.decode()
    statuses = dict(ContentPackage.objects.values_list("title", "status"))
    assert statuses == {"good": "ready", "bad": "rejected", "also-good": "ready"}
    assert "3 of 5 files" in content
    assert "Upload a .h5p file or a SCORM .zip package" in content
    assert "This is not a readable zip file" in content
    rejected = ContentPackage.objects.get(title="bad")
    assert rejected.error_code == "script_outside_library"
    # The page was drawn before the queued checks ran; the package's own page has the reason.
    assert url("inspect", rejected.pk) in content
    detail = client_for(package_editor).get(url("inspect", rejected.pk)).content.decode()
    assert escape(rejected.error) in detail


def test_an_editor_without_the_h5p_grant_is_refused_h5p_with_a_reason(
    client_for, scorm_editor, post_files
):
    client = client_for(scorm_editor)
    form = client.get(url("add")).content.decode()
    # Offered only what they may upload, and told why H5P is not among it.
    assert 'accept=".zip"' in form
    assert "Can upload H5P packages" in form
    files = [
        ("activity.h5p", minimal_h5p()),
        # An H5P package zipped under another name is still H5P.
        ("disguised.zip", minimal_h5p()),
        ("course.zip", build_scorm12_package()),
    ]
    content = post_files(client, files).content.decode()
    assert list(ContentPackage.objects.values_list("title", flat=True)) == ["course"]
    assert content.count("You do not have permission to upload H5P packages") == 2
    assert escape('"Can upload H5P packages"') in content


def test_a_scorm_grant_is_needed_for_scorm(client_for, editor, post_files):
    h5p_only = grant(editor, "upload_h5p")
    content = post_files(client_for(h5p_only), [("course.zip", build_scorm12_package())])
    assert "You do not have permission to upload SCORM packages" in content.content.decode()
    assert not ContentPackage.objects.exists()


def test_someone_with_no_upload_grant_cannot_reach_or_use_the_upload(
    client_for, editor, post_files
):
    viewer = grant(editor, "view_contentpackage")
    client = client_for(viewer)
    assert_refused(client.get(url("add")))
    assert_refused(post_files(client, [("course.zip", build_scorm12_package())]))
    listing = client.get(url("list")).content.decode()
    assert "Upload packages" not in listing
    assert not ContentPackage.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client_for, post_files):
    client = client_for(None)
    response = client.get(url("add"))
    assert response.status_code == 302 and "login" in response["Location"]
    response = post_files(client, [("course.zip", build_scorm12_package())])
    assert response.status_code == 302
    assert not ContentPackage.objects.exists()


def test_a_learner_without_admin_access_cannot_upload_even_with_the_grant(
    client_for, learner, post_files
):
    # The permission alone is not enough: Wagtail's admin access is checked first.
    learner = grant(learner, "upload_scorm")
    client = client_for(learner)
    assert client.get(url("add")).status_code != 200
    response = post_files(client, [("course.zip", build_scorm12_package())])
    assert response.status_code in (302, 403)
    assert not ContentPackage.objects.exists()


def test_uploads_need_a_csrf_token(scorm_editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(scorm_editor)
    upload = SimpleUploadedFile("course.zip", build_scorm12_package())
    assert client.post(url("add"), {"files": [upload]}).status_code == 403
    assert not ContentPackage.objects.exists()


def test_a_file_over_the_cap_is_dropped_unread_and_the_rest_go_on(
    client_for, scorm_editor, post_files, monkeypatch
):
    small = build_scorm12_package()
    monkeypatch.setattr(upload_module, "MAX_UPLOAD_BYTES", len(small) + 10)
    files = [("huge.zip", small + b"\0" * 500_000), ("small.zip", small)]
    content = post_files(client_for(scorm_editor), files).content.decode()
    assert "huge.zip" in content and "over the" in content
    assert list(ContentPackage.objects.values_list("title", flat=True)) == ["small"]


def test_the_upload_page_states_the_limits(client_for, scorm_editor, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 40
    content = client_for(scorm_editor).get(url("add")).content.decode()
    assert "512 MB" in content
    assert "up to 40 files at a time" in content
    assert "multiple" in content


def test_too_many_files_at_once_is_refused_with_a_message(
    client_for, scorm_editor, post_files, settings
):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    files = [(f"c{index}.zip", build_scorm12_package()) for index in range(3)]
    response = post_files(client_for(scorm_editor), files)
    assert response.status_code == 400
    assert "more than 2 files at once" in response.content.decode()
    assert not ContentPackage.objects.exists()


def test_no_files_chosen_is_a_form_error(client_for, scorm_editor):
    response = client_for(scorm_editor).post(url("add"), {})
    assert response.status_code == 200
    assert "Choose at least one .h5p or .zip file" in response.content.decode()


def test_platform_admins_choose_the_council_or_the_sector_library(
    client_for, platform_admin, other_council, post_files
):
    client = client_for(platform_admin)
    assert "Sector library: every council can use it" in client.get(url("add")).content.decode()
    post_files(client, [("shared.zip", build_scorm12_package())], owning_council="")
    post_files(client, [("theirs.zip", build_scorm12_package())], owning_council=other_council.pk)
    owners = dict(ContentPackage.objects.values_list("title", "owning_council"))
    assert owners == {"shared": None, "theirs": other_council.pk}


def test_an_editor_cannot_choose_another_council(
    client_for, scorm_editor, council, other_council, post_files
):
    client = client_for(scorm_editor)
    assert "Sector library" not in client.get(url("add")).content.decode()
    post_files(client, [("mine.zip", build_scorm12_package())], owning_council=other_council.pk)
    assert ContentPackage.objects.get().owning_council == council


def test_an_editor_on_no_councils_staff_cannot_upload(client_for, graduate, post_files):
    from django.contrib.auth.models import Group

    graduate.groups.add(Group.objects.get(name="Editors"))
    outsider = grant(graduate, "upload_scorm")
    client = client_for(outsider)
    assert "your account is not on any council" in client.get(url("add")).content.decode()
    assert_refused(post_files(client, [("x.zip", build_scorm12_package())]))
    assert not ContentPackage.objects.exists()
