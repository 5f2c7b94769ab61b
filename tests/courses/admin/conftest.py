"""Fixtures for the Content packages admin: editors holding upload grants, and helpers."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.models import ContentPackage
from courses.models.packages import package_storage
from courses.packages.intake import guess_kind
from courses.packages.processing import process_package

NAMESPACE = "wagtailsnippets_courses_contentpackage"


def url(name: str, *args) -> str:
    return reverse(f"{NAMESPACE}:{name}", args=args)


def grant(user, *codenames: str):
    """Give `user` these courses permissions; returns a fresh copy (permissions are cached)."""
    permissions = Permission.objects.filter(
        content_type__app_label="courses", codename__in=codenames
    )
    assert permissions.count() == len(codenames), codenames
    user.user_permissions.add(*permissions)
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def scorm_editor(editor):
    """An editor who may upload SCORM but not H5P, and see the package list."""
    return grant(editor, "upload_scorm", "view_contentpackage")


@pytest.fixture
def package_editor(editor):
    """An editor with every package permission, H5P uploads included."""
    return grant(
        editor,
        "upload_scorm",
        "upload_h5p",
        "view_contentpackage",
        "change_contentpackage",
        "delete_contentpackage",
    )


@pytest.fixture
def post_files(django_capture_on_commit_callbacks):
    """`post_files(client, [(name, bytes)...], **fields)`: an upload whose queued checks run
    (Celery is eager in tests) once the request's transaction would have committed."""

    def post(client, files, **fields):
        uploads = [SimpleUploadedFile(name, data) for name, data in files]
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url("add"), {"files": uploads, **fields})

    return post


def storage_tree() -> tuple[set[str], set[str]]:
    """(files, folders) under package storage, relative to its root."""
    root = Path(package_storage().location)
    if not root.exists():
        return set(), set()
    files, folders = set(), set()
    for path in root.rglob("*"):
        (files if path.is_file() else folders).add(path.relative_to(root).as_posix())
    return files, folders


def checked_package(data: bytes, filename: str, **fields):
    """A package stored and checked at once, as the task would (no upload view involved)."""
    fields.setdefault("title", filename.rsplit(".", 1)[0])
    if "kind" not in fields:
        fields["kind"] = guess_kind(ContentFile(data), filename=filename)
    package = ContentPackage.objects.create(**fields)
    package.source.save(filename, ContentFile(data))
    process_package(package_id=package.pk)
    package.refresh_from_db()
    return package
