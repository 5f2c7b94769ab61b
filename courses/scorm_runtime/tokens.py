"""Signed, expiring tokens that authorise runtime commits for one launch of one SCORM attempt.

The player page issues a token after it has checked the learner's enrolment; scorm-again then
posts every commit to a URL carrying it. The last commit of a session is sent by
``navigator.sendBeacon`` while the page unloads, and a beacon cannot carry a CSRF header, so
the commit endpoint is exempt from Django's CSRF check and relies on this token instead.

A token names the attempt, the learner and the session (the launch) it was issued for. It
cannot be forged without the secret key, is useless for anyone else's attempt, and a page
from another site cannot read it out of ours, which is what CSRF protection is for.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

SALT = "courses.scorm-runtime.commit"
# A learner may leave a SCO open for a working day; longer than the package-file grants
# would only let the frame's files expire first.
MAX_AGE_SECONDS = 12 * 60 * 60


@dataclass(frozen=True)
class CommitGrant:
    attempt_id: int
    user_id: int
    session: int


class TokenRefused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def issue_commit_token(*, attempt_id: int, user_id: int, session: int) -> str:
    # A list rather than a dict keeps the token, which travels in a URL, short.
    return signing.dumps([attempt_id, user_id, session], salt=SALT)


def read_commit_token(token: str) -> CommitGrant:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired as exc:
        raise TokenRefused(
            "token_expired", "This activity has been open too long. Reload it to carry on."
        ) from exc
    except signing.BadSignature as exc:
        raise TokenRefused("invalid_token", "This commit is not authorised.") from exc
    if (
        not isinstance(data, list)
        or len(data) != 3
        or not all(type(part) is int and part > 0 for part in data)
    ):
        raise TokenRefused("invalid_token", "This commit is not authorised.")
    attempt_id, user_id, session = data
    return CommitGrant(attempt_id=attempt_id, user_id=user_id, session=session)
