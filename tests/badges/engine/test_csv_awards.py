"""CSV awards: good rows awarded, each bad row with its reason, dry runs write nothing."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from badges.engine.awarding import award_badge
from badges.engine.csv_awards import import_awards_csv
from badges.engine.errors import AwardRefused
from badges.models import AuditEntry, BadgeAward
from lms.people.factories import StaffProfileFactory
from tests.badges.engine.conftest import badge_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(council):
    return StaffProfileFactory(
        organisation=council, user__email="cara.colleague@northby.gov.uk"
    ).user


@pytest.fixture
def badge(council):
    return badge_with(organisation=council, valid_for_days=730, name="Data champion")


def csv_file(*lines: str) -> io.BytesIO:
    return io.BytesIO(("\n".join(lines) + "\n").encode())


def run(council, badge, hr_admin, file, **kwargs):
    return import_awards_csv(
        organisation=council, badge_class=badge, file=file, awarded_by=hr_admin, **kwargs
    )


def test_each_bad_row_gets_its_own_error_and_good_rows_are_awarded(
    council, badge, hr_admin, learner, colleague, other_learner, graduate, manager
):
    award_badge(badge_class=badge, recipient=manager, method="manual")
    last_year = (timezone.localdate() - datetime.timedelta(days=365)).strftime("%d/%m/%Y")
    report = run(
        council,
        badge,
        hr_admin,
        csv_file(
            "Email,Awarded_on,Note",
            f"LENA.learner@northby.gov.uk,{last_year},Ran workshops in 2023",
            "cara.colleague@northby.gov.uk,,",
            "nobody@northby.gov.uk,,",
            "olly.learner@southby.gov.uk,,",
            "gus.graduate@example.com,,",
            "lena.learner@northby.gov.uk,,",
            "max.manager@northby.gov.uk,,",
            "hana.hr@northby.gov.uk,31/02/2024,",
            "hana.hr@northby.gov.uk,2001-01-01,",
            ",2024-01-01,",
        ),
    )
    assert not report.errors and not report.ok
    by_line = {row.line: row for row in report.rows}
    assert by_line[2].status == "awarded" and by_line[3].status == "awarded"
    assert by_line[4].error == "No account has this email address."
    assert by_line[5].error == "Not on the staff of Northby City Council."
    assert by_line[6].error == "Not on the staff of Northby City Council."
    assert by_line[7].error == "Duplicate of row 2."
    assert by_line[8].error == "Already holds this badge."
    assert "not a date" in by_line[9].error
    assert "would already have expired" in by_line[10].error
    assert by_line[11].error == "No email address."
    assert report.awarded_count == 2
    backdated = BadgeAward.objects.get(recipient=learner)
    assert backdated.method == "import" and backdated.note == "Ran workshops in 2023"
    assert backdated.awarded_at.date() == timezone.localdate() - datetime.timedelta(days=365)
    assert backdated.expires_at == backdated.awarded_at + datetime.timedelta(days=730)
    assert BadgeAward.objects.get(recipient=colleague).awarded_by == hr_admin
    assert not BadgeAward.objects.filter(recipient__in=[other_learner, graduate]).exists()
    assert AuditEntry.objects.filter(action="awarded", actor=hr_admin).count() == 2


def test_dry_run_reports_the_same_and_writes_nothing(council, badge, hr_admin, learner):
    report = run(
        council,
        badge,
        hr_admin,
        csv_file("email", "lena.learner@northby.gov.uk", "nobody@northby.gov.uk"),
        dry_run=True,
    )
    assert [row.status for row in report.rows] == ["would_award", "error"]
    assert not BadgeAward.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,date\nLena,2024-01-01\n", "header with an “email” column"),
        (b"email\n", "no rows"),
        ("email\nlena@northby.gov.uk\n".encode("utf-16"), "not UTF-8"),
        (b"", "header"),
    ],
)
def test_unreadable_files_import_nothing(council, badge, hr_admin, learner, content, message):
    report = run(council, badge, hr_admin, io.BytesIO(content))
    assert message in report.errors[0]
    assert not BadgeAward.objects.exists()


def test_future_dates_are_refused(council, badge, hr_admin, learner):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    report = run(
        council, badge, hr_admin, csv_file("email,awarded_on", f"{learner.email},{tomorrow}")
    )
    assert report.rows[0].error == "The award date is in the future."


def test_another_councils_badge_is_refused(council, other_council, hr_admin):
    foreign = badge_with(organisation=other_council)
    with pytest.raises(AwardRefused):
        run(council, foreign, hr_admin, csv_file("email"))


def test_command_prints_row_errors(council, badge, hr_admin, learner, tmp_path, capsys):
    path = tmp_path / "awards.csv"
    path.write_text("email\nlena.learner@northby.gov.uk\nnobody@northby.gov.uk\n")
    call_command(
        "award_badges_csv",
        str(path),
        "--council",
        council.slug,
        "--badge",
        badge.slug,
        "--by",
        hr_admin.email,
    )
    out, err = capsys.readouterr()
    assert "1 awarded, 1 rows with errors." in out
    assert "row 3 (nobody@northby.gov.uk): No account has this email address." in err
    with pytest.raises(CommandError, match="No council"):
        call_command(
            "award_badges_csv", str(path), "--council", "nowhere", "--badge", "x", "--by", "y"
        )
