"""factory_boy factories for councils and people, shared by the tests and demo tooling.

Only tests and development tools import this module; factory_boy is a dev dependency.
"""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.utils.text import slugify

from lms.people.models import (
    Department,
    JobRole,
    JobRoleFamily,
    Organisation,
    OrganisationDomain,
    StaffProfile,
    User,
)

# A password that passes the project's validators, for tests that sign in with a form.
DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    is_active = True

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or DEFAULT_PASSWORD)
        if create:
            self.save(update_fields=["password"])


def verify_email(user: User, email: str | None = None) -> EmailAddress:
    """Give the user a verified, primary allauth address (their own email by default)."""
    address, _ = EmailAddress.objects.update_or_create(
        user=user,
        email=(email or user.email).lower(),
        defaults={"verified": True, "primary": True},
    )
    return address


# A fixed base32 TOTP secret, so a test can compute valid codes for a persona.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def give_totp(user: User, secret: str = TOTP_SECRET) -> Authenticator:
    """Give the user a TOTP authenticator app, as if they had completed allauth's set-up."""
    from allauth.mfa.totp.internal.auth import TOTP

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return existing or TOTP.activate(user, secret).instance


class VerifiedUserFactory(UserFactory):
    """A user who can sign in straight away under mandatory email verification."""

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            verify_email(self)


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A council with one staff email domain, `<slug>.gov.uk` unless `domain=` is given."""

    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Testshire Council {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    # #1d4f91 on white is about 8.6:1, well above WCAG AA's 4.5:1.
    brand_colour = "#1d4f91"
    is_active = True

    @factory.post_generation
    def domain(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        OrganisationDomain.objects.get_or_create(
            organisation=self, domain=extracted or f"{self.slug}.gov.uk"
        )


class OrganisationDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationDomain

    organisation = factory.SubFactory(OrganisationFactory, domain=False)
    domain = factory.Sequence(lambda n: f"extra{n}.example-council.gov.uk")


class DepartmentFactory(factory.django.DjangoModelFactory):
    """A department: a root of the council's tree, or a child when `parent=` is given.

    Treebeard computes the materialised path, so nodes go through add_root/add_child.
    The council follows the parent's unless given. Departments are kept sorted by name,
    so adding one can move the paths of its later siblings: re-read a node from the
    database before relying on its path (e.g. calling subtree()) after adding others.
    """

    class Meta:
        model = Department

    organisation = factory.Maybe(
        factory.SelfAttribute("parent"),
        yes_declaration=factory.SelfAttribute("parent.organisation"),
        no_declaration=factory.SubFactory(OrganisationFactory),
    )
    name = factory.Sequence(lambda n: f"Department {n}")
    code = ""
    parent = None

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        if parent is not None:
            return parent.add_child(**kwargs)
        return model_class.add_root(**kwargs)

    @classmethod
    def _build(cls, model_class, *args, parent=None, **kwargs):
        return model_class(**kwargs)


class JobRoleFamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobRoleFamily
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Service family {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class JobRoleFactory(factory.django.DjangoModelFactory):
    """A sector-wide job role unless `organisation=` is given."""

    class Meta:
        model = JobRole

    family = factory.SubFactory(JobRoleFamilyFactory)
    organisation = None
    name = factory.Sequence(lambda n: f"Job role {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class StaffProfileFactory(factory.django.DjangoModelFactory):
    """A staff member of a council, with a verified work address on the council's domain.

    `manager=` and `department=` must belong to the same council; when the council is
    not given it follows the manager's, then the department's.
    """

    class Meta:
        model = StaffProfile

    class Params:
        domain = factory.LazyAttribute(
            lambda o: (
                o.organisation.email_domains.values_list("domain", flat=True).first()
                or f"{o.organisation.slug}.gov.uk"
            )
        )

    organisation = factory.LazyAttribute(
        lambda o: (
            o.manager.organisation
            if o.manager is not None
            else o.department.organisation
            if o.department is not None
            else OrganisationFactory()
        )
    )
    user = factory.SubFactory(
        VerifiedUserFactory,
        email=factory.LazyAttributeSequence(lambda u, n: f"staff{n}@{u.factory_parent.domain}"),
    )
    employee_id = factory.Sequence(lambda n: f"E{n:06d}")
    manager = None
    department = None
    job_role = None
    is_hr_admin = False
    is_active = True
