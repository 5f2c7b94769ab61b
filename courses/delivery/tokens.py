"""Signed, expiring grants to a package's files, issued when a lesson page is shown.

Package files are fetched by players that may run in a sandboxed frame with an opaque
origin, which sends no cookies; so the grant travels in the URL instead. It is issued
only after the lesson page has checked the learner's enrolment, and names the learner
and the lesson for the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.urls import reverse

SALT = "courses.package-files"
MAX_AGE_SECONDS = 12 * 60 * 60


@dataclass(frozen=True)
class FileGrant:
    package_id: int
    user_id: int | None
    lesson_id: int | None


class GrantInvalid(Exception):
    pass


def issue_grant(*, package_id: int, user_id: int | None, lesson_id: int | None) -> str:
    return signing.dumps({"p": package_id, "u": user_id, "l": lesson_id}, salt=SALT, compress=True)


def read_grant(token: str) -> FileGrant:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired as exc:
        raise GrantInvalid("This link has expired. Reload the lesson to carry on.") from exc
    except signing.BadSignature as exc:
        raise GrantInvalid("This link is not valid.") from exc
    return FileGrant(package_id=int(data["p"]), user_id=data.get("u"), lesson_id=data.get("l"))


def package_file_url(*, token: str, path: str) -> str:
    return reverse("package_file", kwargs={"token": token, "path": path})
