from __future__ import annotations

import itertools

import pytest

from courses.scorm_runtime import services
from courses.scorm_runtime.tokens import CommitGrant
from lms.records import services as records
from tests.courses.scorm_runtime.builders import scorm_course


@pytest.fixture
def scorm12(council):
    return scorm_course(version="1.2", council=council, title="Working with shared files")


@pytest.fixture
def scorm2004(council):
    return scorm_course(version="2004", council=council, title="Staying safe online")


class Player:
    """What one open player page does: launch an attempt, then commit with rising numbers."""

    def __init__(self, subject, enrolment, *, sco: str | None = None):
        self.subject = subject
        self.enrolment = enrolment
        identifier = sco or services.package_scos(subject.package)[0].identifier
        self.attempt = services.start_or_resume_attempt(
            enrolment=enrolment,
            lesson=subject.lesson,
            activity_key=subject.activity_key,
            package=subject.package,
            sco_identifier=identifier,
        )
        self.launch = services.launch(
            self.attempt, version=services.package_version(subject.package)
        )
        self.grant = CommitGrant(
            attempt_id=self.attempt.pk, user_id=enrolment.user_id, session=self.launch.session
        )
        self._numbers = itertools.count(1)

    def commit(self, values: dict, *, sequence: int | None = None):
        number = next(self._numbers) if sequence is None else sequence
        return services.commit(
            attempt_id=self.attempt.pk,
            token=self.grant,
            payload={**values, "commitSequence": number},
        )

    def stored(self) -> dict:
        self.attempt.refresh_from_db()
        return self.attempt.state


@pytest.fixture
def play():
    """`play(subject, enrolment, sco=None)`: a freshly opened player page."""
    return Player


@pytest.fixture
def enrol():
    def make(user, subject):
        return records.enrol(user=user, course=subject.course)

    return make
