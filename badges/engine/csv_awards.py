"""Awarding a badge to many staff from a CSV file, with an error for each bad row.

Columns (header row, any order, case-insensitive): `email` (required), `awarded_on`
(optional, YYYY-MM-DD or DD/MM/YYYY; backdates the award as prior learning) and `note`
(optional). Good rows are awarded even when others fail; every failed row says why.
A dry run checks every row the same way and writes nothing.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower
from django.utils import timezone

from badges.engine.awarding import award_badge, plan_award
from badges.engine.errors import AwardRefused
from badges.models import BadgeAward, BadgeClass
from lms.people.models import StaffProfile

MAX_ROWS = 5000
MAX_BYTES = 2 * 1024 * 1024
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
DATE_COLUMNS = ("awarded_on", "date", "awarded_at")


@dataclass
class CsvAwardRow:
    line: int
    email: str
    awarded_on: datetime.date | None = None
    note: str = ""
    status: str = "error"  # awarded | would_award | error
    error: str = ""
    award: BadgeAward | None = None


@dataclass
class CsvAwardReport:
    dry_run: bool
    rows: list[CsvAwardRow] = field(default_factory=list)
    # Problems with the file as a whole (encoding, header, size): nothing was read.
    errors: list[str] = field(default_factory=list)

    @property
    def error_rows(self) -> list[CsvAwardRow]:
        return [row for row in self.rows if row.status == "error"]

    @property
    def awarded_count(self) -> int:
        return sum(row.status in ("awarded", "would_award") for row in self.rows)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.error_rows


def _text(file) -> str:
    data = file.read(MAX_BYTES + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_BYTES:
        raise ValueError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("The file is not UTF-8 text; save it as “CSV UTF-8”.") from None


def _date(value: str) -> datetime.date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"“{value}” is not a date; use YYYY-MM-DD or DD/MM/YYYY.")


def _read_rows(text: str) -> list[CsvAwardRow]:
    reader = csv.reader(io.StringIO(text))
    header = [name.strip().lower() for name in next(reader, [])]
    if "email" not in header:
        raise ValueError("The first row must be a header with an “email” column.")
    email_at = header.index("email")
    date_at = next((header.index(n) for n in DATE_COLUMNS if n in header), None)
    note_at = header.index("note") if "note" in header else None
    rows = []
    for values in reader:
        if not any(value.strip() for value in values):
            continue
        if len(rows) >= MAX_ROWS:
            raise ValueError(f"The file has more than {MAX_ROWS} rows; split it.")

        def cell(at, values=values):
            return values[at].strip() if at is not None and at < len(values) else ""

        row = CsvAwardRow(line=reader.line_num, email=cell(email_at).lower(), note=cell(note_at))
        rows.append(row)
        if not row.email:
            row.error = "No email address."
            continue
        if cell(date_at):
            try:
                row.awarded_on = _date(cell(date_at))
            except ValueError as error:
                row.error = str(error)
    return rows


def _awarded_at(day: datetime.date | None) -> datetime.datetime | None:
    if day is None or day >= timezone.localdate():
        return None
    # Midday local time: the date reads the same in every time zone the UK uses.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def import_awards_csv(
    *, organisation, badge_class: BadgeClass, file, awarded_by, dry_run: bool = False
) -> CsvAwardReport:
    """Award `badge_class` to the `organisation`'s staff listed in `file` (bytes or text)."""
    if badge_class.organisation_id not in (None, organisation.pk):
        raise AwardRefused("That badge belongs to another council.")
    report = CsvAwardReport(dry_run=dry_run)
    try:
        report.rows = _read_rows(_text(file))
    except (ValueError, csv.Error) as error:
        report.errors.append(str(error))
        return report
    if not report.rows:
        report.errors.append("The file has no rows under its header.")
        return report

    emails = {row.email for row in report.rows if row.email}
    users = {
        email: user
        for user in get_user_model()
        .objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        for email in [user.email.lower()]
    }
    councils = dict(
        StaffProfile.objects.filter(user__in=users.values(), is_active=True).values_list(
            "user_id", "organisation_id"
        )
    )
    first_line: dict[str, int] = {}
    today = timezone.localdate()
    for row in report.rows:
        if row.error:
            continue
        if row.email in first_line:
            row.error = f"Duplicate of row {first_line[row.email]}."
            continue
        first_line[row.email] = row.line
        user = users.get(row.email)
        if user is None:
            row.error = "No account has this email address."
            continue
        if councils.get(user.pk) != organisation.pk:
            row.error = f"Not on the staff of {organisation}."
            continue
        if row.awarded_on is not None and row.awarded_on > today:
            row.error = "The award date is in the future."
            continue
        awarded_at = _awarded_at(row.awarded_on)
        try:
            if dry_run:
                plan = plan_award(
                    badge_class=badge_class,
                    recipient=user,
                    awarded_at=awarded_at,
                    organisation_id=organisation.pk,
                )
                award = None
                done = plan is not None
            else:
                award = award_badge(
                    badge_class=badge_class,
                    recipient=user,
                    method=BadgeAward.Method.IMPORT,
                    awarded_by=awarded_by,
                    awarded_at=awarded_at,
                    note=row.note,
                )
                done = award is not None
        except AwardRefused as refused:
            row.error = refused.message
            continue
        if not done:
            row.error = "Already holds this badge."
            continue
        row.award = award
        row.status = "would_award" if dry_run else "awarded"
    return report
