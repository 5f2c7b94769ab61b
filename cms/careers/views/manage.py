"""Registered interest for a council's HR admins: a list and a CSV export, theirs only."""

from __future__ import annotations

import csv

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cms.careers import selectors
from lms.people.permissions import organisation_admin_required

PAGE_SIZE = 50
CSV_COLUMNS = (
    "Received",
    "Name",
    "Email",
    "Role",
    "Message",
    "Consent wording",
    "Delete after",
)
# A cell starting with one of these is a formula to a spreadsheet; a leading apostrophe
# keeps what someone typed into the form as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


@require_GET
@organisation_admin_required
def interest_list(request, organisation):
    submissions = selectors.interest_for(organisation=organisation)
    page = Paginator(submissions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cms/careers/manage/interest_list.html",
        {"organisation": organisation, "page_obj": page, "submissions": page.object_list},
    )


@require_GET
@organisation_admin_required
def interest_csv(request, organisation):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="careers-interest-{organisation.slug}-{stamp}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    # A byte-order mark so spreadsheet programs read the names as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for row in selectors.interest_for(organisation=organisation).iterator():
        writer.writerow(
            [
                _cell(timezone.localtime(row.created_at).strftime("%Y-%m-%d %H:%M")),
                _cell(row.name),
                _cell(row.email),
                _cell(row.role_title or "Not sure yet"),
                _cell(row.message),
                _cell(row.consent_text_version),
                _cell(timezone.localtime(row.retain_until).date().isoformat()),
            ]
        )
    return response
