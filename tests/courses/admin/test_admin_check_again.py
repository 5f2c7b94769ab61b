"""'Check again': re-queueing a rejected or stuck package from the admin and the service."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry

from courses.models import ContentPackage
from courses.packages.admin_actions import (
    REQUEUED_ACTION,
    STUCK_AFTER,
    RequeueRefused,
    requeue_package,
)
from tests.courses.admin.conftest import checked_package, grant, url
from tests.courses.scorm_fixtures import build_scorm12_package

pytestmark = pytest.mark.django_db


def sound_package(council, **fields) -> ContentPackage:
    """A package whose stored file is fine, in whatever state `fields` say."""
    package = ContentPackage.objects.create(
        kind="scorm", title="course", owning_council=council, **fields
    )
    package.source.save("course.zip", ContentFile(build_scorm12_package()))
    return package


def age(package: ContentPackage, *, by: timedelta) -> None:
    ContentPackage.objects.filter(pk=package.pk).update(created_at=timezone.now() - by)


@pytest.fixture
def check_again(client_for, django_capture_on_commit_callbacks):
    """`check_again(user or client, package)`: POST the action and run what it queued."""

    def post(user_or_client, package):
        client = (
            user_or_client if isinstance(user_or_client, Client) else client_for(user_or_client)
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url("check_again", package.pk))
        package.refresh_from_db()
        return response

    return post


def test_a_rejected_package_is_reset_and_checked_again(
    package_editor, council, check_again, client_for
):
    # As if a stricter rule, since relaxed, had rejected a sound package.
    package = sound_package(council, status="rejected", error="Old rule.", error_code="old")
    client = client_for(package_editor)
    response = check_again(client, package)
    assert response.status_code == 302 and response["Location"] == url("inspect", package.pk)
    assert package.status == "ready" and package.error == "" and package.error_code == ""
    assert ModelLogEntry.objects.filter(action=REQUEUED_ACTION, user=package_editor).count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "will be checked again" in page
    assert "Check again" in client.get(url("history", package.pk)).content.decode()


def test_a_rejected_package_that_is_still_bad_is_rejected_again(
    package_editor, council, check_again
):
    package = checked_package(b"not a zip", "broken.h5p", owning_council=council)
    assert package.status == "rejected"
    reason = package.error
    check_again(package_editor, package)
    assert package.status == "rejected" and package.error == reason


def test_a_stuck_package_can_be_checked_again(package_editor, council, check_again, client_for):
    package = sound_package(council, status="processing")
    age(package, by=STUCK_AFTER + timedelta(minutes=1))
    assert url("check_again", package.pk) in (
        client_for(package_editor).get(url("inspect", package.pk)).content.decode()
    )
    check_again(package_editor, package)
    assert package.status == "ready"


def test_a_package_checked_just_now_is_not_queued_twice(
    package_editor, council, check_again, client_for
):
    package = sound_package(council, status="processing")
    client = client_for(package_editor)
    assert (
        url("check_again", package.pk)
        not in client.get(url("inspect", package.pk)).content.decode()
    )
    response = check_again(client, package)
    assert package.status == "processing"
    assert "still being checked" in client.get(response["Location"]).content.decode()


def test_a_recent_check_again_restarts_the_stuck_clock(package_editor, council):
    package = sound_package(council, status="processing")
    age(package, by=STUCK_AFTER * 2)
    # A log entry is what the clock reads; the task is not run here (no commit).
    requeue_package(package_id=package.pk, user=package_editor)
    with pytest.raises(RequeueRefused, match="still being checked"):
        requeue_package(package_id=package.pk, user=package_editor)


def test_a_ready_package_has_nothing_to_check(package_editor, council, check_again):
    package = checked_package(build_scorm12_package(), "ok.zip", owning_council=council)
    with pytest.raises(RequeueRefused, match="ready already"):
        requeue_package(package_id=package.pk)
    check_again(package_editor, package)
    assert package.status == "ready"
    assert not ModelLogEntry.objects.filter(action=REQUEUED_ACTION).exists()


def test_checking_again_needs_the_upload_grant_for_that_kind(
    editor, council, check_again, client_for
):
    package = sound_package(council, status="rejected", error="x")
    viewer = grant(editor, "view_contentpackage", "upload_h5p")
    assert url("check_again", package.pk) not in (
        client_for(viewer).get(url("inspect", package.pk)).content.decode()
    )
    response = check_again(viewer, package)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert package.status == "rejected"


def test_other_councils_and_the_sector_library_are_not_theirs_to_check(
    package_editor, other_council, check_again
):
    theirs = sound_package(other_council, status="rejected", error="x")
    assert check_again(package_editor, theirs).status_code == 404
    sector = sound_package(None, status="rejected", error="x")
    response = check_again(package_editor, sector)
    assert response["Location"] == "/admin/"
    assert theirs.status == sector.status == "rejected"


def test_check_again_is_post_only(client_for, package_editor, council):
    package = sound_package(council, status="rejected", error="x")
    assert client_for(package_editor).get(url("check_again", package.pk)).status_code == 405
