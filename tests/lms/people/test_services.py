import contextlib
import datetime

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError

from lms.people import services
from lms.people.factories import (
    DepartmentFactory,
    JobRoleFactory,
    StaffProfileFactory,
    UserFactory,
)
from lms.people.models import StaffProfile, User
from lms.people.selectors import reporting_line

pytestmark = pytest.mark.django_db

LEFT_ON = datetime.date(2026, 3, 31)


def _counts():
    return User.objects.count(), StaffProfile.objects.count(), EmailAddress.objects.count()


# --- create_staff_member -------------------------------------------------------------


def test_create_staff_member_makes_user_and_profile_together(council):
    department = DepartmentFactory(organisation=council)
    boss = StaffProfileFactory(organisation=council)
    profile = services.create_staff_member(
        organisation=council,
        email=" Nia.Patel@Northby.gov.uk ",
        first_name="Nia",
        last_name="Patel",
        employee_id=" N0001 ",
        department=department,
        manager=boss,
        no_corporate_device=True,
    )
    profile.refresh_from_db()
    assert profile.user.email == "nia.patel@northby.gov.uk"
    assert profile.employee_id == "N0001"
    assert profile.organisation == council
    assert profile.manager == boss
    assert profile.department == department
    assert profile.no_corporate_device is True
    assert profile.is_active is True


def test_employee_id_reused_in_one_council_is_refused_and_nothing_saved(council):
    services.create_staff_member(organisation=council, email="a@northby.gov.uk", employee_id="E7")
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        services.create_staff_member(
            organisation=council, email="b@northby.gov.uk", employee_id="E7"
        )
    assert exc.value.message_dict["employee_id"] == [
        "Employee id E7 is already used in Northby City Council."
    ]
    assert _counts() == before
    assert not User.objects.filter(email="b@northby.gov.uk").exists()


def test_employee_id_reuse_is_caught_despite_surrounding_spaces(council):
    services.create_staff_member(organisation=council, email="a@northby.gov.uk", employee_id="E7")
    with pytest.raises(ValidationError):
        services.create_staff_member(
            organisation=council, email="b@northby.gov.uk", employee_id="  E7 "
        )
    assert not User.objects.filter(email="b@northby.gov.uk").exists()


def test_same_employee_id_in_another_council_is_fine(council, other_council):
    services.create_staff_member(organisation=council, email="a@northby.gov.uk", employee_id="E7")
    theirs = services.create_staff_member(
        organisation=other_council, email="a@southby.gov.uk", employee_id="E7"
    )
    assert theirs.organisation == other_council
    assert StaffProfile.objects.filter(employee_id="E7").count() == 2


def test_existing_email_is_refused_whatever_its_case(council):
    UserFactory(email="taken@northby.gov.uk")
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        services.create_staff_member(organisation=council, email="TAKEN@northby.gov.uk")
    assert "email" in exc.value.message_dict
    assert _counts() == before


def test_manager_from_another_council_leaves_no_orphan_user(council, other_council):
    their_manager = StaffProfileFactory(organisation=other_council)
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        services.create_staff_member(
            organisation=council, email="new@northby.gov.uk", manager=their_manager
        )
    assert exc.value.message_dict["manager"] == ["A manager must work for the same council."]
    assert _counts() == before


def test_department_or_role_from_another_council_leaves_no_orphan_user(council, other_council):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        services.create_staff_member(
            organisation=council,
            email="new@northby.gov.uk",
            department=DepartmentFactory(organisation=other_council),
            job_role=JobRoleFactory(organisation=other_council),
        )
    assert set(exc.value.message_dict) == {"department", "job_role"}
    assert _counts() == before


def test_sector_and_own_council_job_roles_are_allowed(council):
    sector = services.create_staff_member(
        organisation=council, email="s@northby.gov.uk", job_role=JobRoleFactory()
    )
    own = services.create_staff_member(
        organisation=council,
        email="o@northby.gov.uk",
        job_role=JobRoleFactory(organisation=council),
    )
    assert sector.job_role.organisation is None
    assert own.job_role.organisation == council


# --- set_manager ---------------------------------------------------------------------


@pytest.fixture
def chain(council):
    """a manages b, b manages c."""
    a = StaffProfileFactory(organisation=council, user__first_name="Ada", user__last_name="Top")
    b = StaffProfileFactory(organisation=council, manager=a, user__first_name="Ben")
    c = StaffProfileFactory(organisation=council, manager=b, user__first_name="Cal")
    return a, b, c


def test_set_manager_saves_a_valid_link(chain, council):
    _, _, c = chain
    newcomer = StaffProfileFactory(organisation=council)
    updated = services.set_manager(profile=newcomer, manager=c)
    assert updated.manager == c
    newcomer.refresh_from_db()
    assert newcomer.manager == c


def test_set_manager_can_clear_the_manager(chain):
    _, b, _ = chain
    services.set_manager(profile=b, manager=None)
    b.refresh_from_db()
    assert b.manager is None


def test_set_manager_refuses_two_person_cycle(chain):
    a, b, _ = chain
    with pytest.raises(ValidationError) as exc:
        services.set_manager(profile=a, manager=b)
    error = exc.value.error_dict["manager"][0]
    assert error.code == "manager_cycle"
    assert f"{b.user} already reports to {a.user}" in exc.value.message_dict["manager"][0]
    a.refresh_from_db()
    assert a.manager is None


def test_set_manager_refuses_three_person_cycle(chain):
    a, _, c = chain
    with pytest.raises(ValidationError) as exc:
        services.set_manager(profile=a, manager=c)
    assert exc.value.error_dict["manager"][0].code == "manager_cycle"
    assert "directly or indirectly" in exc.value.message_dict["manager"][0]
    a.refresh_from_db()
    assert a.manager is None


def test_set_manager_refuses_a_long_cycle(council):
    people = [StaffProfileFactory(organisation=council)]
    for _ in range(6):
        people.append(StaffProfileFactory(organisation=council, manager=people[-1]))
    with pytest.raises(ValidationError):
        services.set_manager(profile=people[0], manager=people[-1])


def test_set_manager_refuses_own_manager_with_a_clear_message(chain):
    a, _, _ = chain
    with pytest.raises(ValidationError) as exc:
        services.set_manager(profile=a, manager=a)
    assert exc.value.error_dict["manager"][0].code == "manager_cycle"
    # "Ada Top already reports to Ada Top, directly or indirectly" does not say what is wrong.
    assert "own manager" in exc.value.message_dict["manager"][0]
    a.refresh_from_db()
    assert a.manager is None


def test_set_manager_refuses_another_council(chain, other_council):
    a, _, _ = chain
    theirs = StaffProfileFactory(organisation=other_council)
    with pytest.raises(ValidationError) as exc:
        services.set_manager(profile=a, manager=theirs)
    assert exc.value.error_dict["manager"][0].code == "other_council"
    a.refresh_from_db()
    assert a.manager is None


def test_moving_someone_sideways_is_not_a_cycle(chain, council):
    a, _, c = chain
    peer = StaffProfileFactory(organisation=council, manager=a)
    services.set_manager(profile=c, manager=peer)
    c.refresh_from_db()
    assert c.manager == peer


# --- mark_leaver ---------------------------------------------------------------------


def test_leaver_keeps_records_loses_sign_in_and_hands_reports_up(chain, council):
    a, b, c = chain
    d = StaffProfileFactory(organisation=council, manager=b)
    services.mark_leaver(profile=b, left_on=LEFT_ON)

    b.refresh_from_db()
    b.user.refresh_from_db()
    assert StaffProfile.objects.filter(pk=b.pk).exists()
    assert b.is_active is False
    assert b.left_on == LEFT_ON
    assert b.user.is_active is False
    assert b.manager == a  # the leaver's own history is kept
    c.refresh_from_db()
    d.refresh_from_db()
    assert c.manager == a
    assert d.manager == a
    assert set(reporting_line(a).filter(is_active=True)) == {c, d}


def test_leaver_without_a_manager_leaves_reports_unmanaged(chain):
    a, b, _ = chain
    services.mark_leaver(profile=a, left_on=LEFT_ON)
    b.refresh_from_db()
    assert b.manager is None
    assert b.is_active is True


# --- attach_staff_profile ------------------------------------------------------------


def test_attach_staff_profile_is_idempotent(council, other_council):
    user = UserFactory(email="self.signup@northby.gov.uk")
    first = services.attach_staff_profile(user=user, organisation=council)
    again = services.attach_staff_profile(user=user, organisation=other_council)
    assert first.pk == again.pk
    assert again.organisation == council
    assert StaffProfile.objects.filter(user=user).count() == 1


# --- concurrency ---------------------------------------------------------------------


@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="concurrent transactions need PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_manager_changes_cannot_close_a_cycle(council, monkeypatch):
    """C reports to A. At the same moment A gets manager B and B gets manager C.

    Each change alone is fine and each cycle check alone sees no cycle, but together they
    close A→B→C→A: one of the two must be refused.
    """
    import threading

    from django.db import connections

    a = StaffProfileFactory(organisation=council)
    b = StaffProfileFactory(organisation=council)
    c = StaffProfileFactory(organisation=council, manager=a)

    # Hold both changes just after their cycle check, so they overlap for certain. If the
    # service serialises manager changes, the second cannot reach this point while the
    # first waits here; the barrier then times out and the first goes on alone.
    barrier = threading.Barrier(2, timeout=3)
    real_chain_ids = services.manager_chain_ids

    def chain_then_wait(profile_id):
        ids = real_chain_ids(profile_id)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return ids

    monkeypatch.setattr(services, "manager_chain_ids", chain_then_wait)
    outcomes = {}

    def change(name, profile, manager):
        try:
            services.set_manager(profile=profile, manager=manager)
            outcomes[name] = "saved"
        except ValidationError:
            outcomes[name] = "refused"
        except Exception as exc:  # a deadlock or other database error, reported below
            outcomes[name] = repr(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=change, args=("a->b", a, b)),
        threading.Thread(target=change, args=("b->c", b, c)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    managers = {p.pk: p.manager_id for p in StaffProfile.objects.filter(pk__in=[a.pk, b.pk, c.pk])}
    closed = managers == {a.pk: b.pk, b.pk: c.pk, c.pk: a.pk}
    assert not closed, f"cycle A→B→C→A saved: {outcomes}"
    assert sorted(outcomes.values()) == ["refused", "saved"], outcomes
