"""Factories for certificates, for tests and the demo tooling (factory_boy is a dev dependency)."""

from __future__ import annotations

import factory
from django.utils import timezone

from lms.certificates.models import Certificate, CertificateDesign


class CertificateDesignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateDesign
        django_get_or_create = ("organisation",)

    organisation = factory.SubFactory("lms.people.factories.OrganisationFactory")
    signatory_name = "Morgan Rees"
    signatory_title = "Head of Organisational Development"


def completion_for(*, learner, course, number: int = 1, completed_at=None):
    """A course completion row as the learning record writes it (no signal sent)."""
    from lms.records.models import CourseCompletion, Enrolment

    organisation_id = getattr(getattr(learner, "staff_profile", None), "organisation_id", None)
    enrolment, _ = Enrolment.objects.get_or_create(
        user=learner,
        course=course,
        defaults={"organisation_id": organisation_id, "status": Enrolment.Status.COMPLETED},
    )
    return CourseCompletion.objects.create(
        enrolment=enrolment,
        user=learner,
        organisation_id=organisation_id,
        course=course,
        number=number,
        completed_at=completed_at or timezone.now(),
    )


class CourseCertificateFactory(factory.django.DjangoModelFactory):
    """An issued (not yet rendered) course certificate; pass course_completion=."""

    class Meta:
        model = Certificate

    kind = Certificate.Kind.COURSE
    course_completion = None
    learner = factory.LazyAttribute(lambda o: o.course_completion.user)
    organisation = factory.LazyAttribute(lambda o: o.course_completion.organisation)
    course = factory.LazyAttribute(lambda o: o.course_completion.course)
