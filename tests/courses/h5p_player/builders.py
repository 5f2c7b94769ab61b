"""H5P test data: a ready package row, and xAPI statements as H5P's TrueFalse sends them."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from django.urls import reverse

from courses.h5p_player.services import activity_iri
from courses.models import ContentPackage

ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
INTERACTED = "http://adlnet.gov/expapi/verbs/interacted"
# Any 32 letters and digits make a valid CSRF secret; sending it in both the cookie and
# the header is what the lesson page does with its token.
CSRF_SECRET = "h5pplayertestsecretabcdefghijklm"


@dataclass
class H5PLesson:
    course: object
    lesson: object
    key: str
    package: ContentPackage

    @property
    def iri(self) -> str:
        return activity_iri(lesson_id=self.lesson.pk, activity_key=self.key)

    def url(self, name: str) -> str:
        return reverse(name, kwargs={"lesson_id": self.lesson.pk, "activity_key": self.key})


def ready_package(title: str = "Is this false?") -> ContentPackage:
    """A package row as processing leaves it; the endpoints never read its files."""
    return ContentPackage.objects.create(
        kind=ContentPackage.Kind.H5P,
        title=title,
        status=ContentPackage.Status.READY,
        content_prefix=f"unpacked/{uuid.uuid4().hex}/",
        source="uploads/tf.h5p",
    )


def statement(
    iri: str,
    *,
    verb: str = ANSWERED,
    score: dict | None = None,
    success: bool | None = True,
    completion: bool | None = True,
    actor: dict | None = None,
) -> dict:
    full_marks = {"min": 0, "max": 1, "raw": 1, "scaled": 1}
    result: dict = {"score": full_marks if score is None else score}
    if success is not None:
        result["success"] = success
    if completion is not None:
        result["completion"] = completion
    return {
        "actor": actor or {"account": {"name": "not-trackable-1", "homePage": "x"}},
        "verb": {"id": verb, "display": {"en-US": verb.rsplit("/", 1)[-1]}},
        "object": {"id": iri, "objectType": "Activity", "definition": {}},
        "result": result,
    }


def post_json(client, url: str, body: object, **extra):
    return client.post(url, data=json.dumps(body), content_type="application/json", **extra)
