"""Links to an award's credential downloads and public verification page.

The Open Badges package owns those URLs; a link is left out (not broken) if its URL
is not installed.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

CREDENTIAL_URLS = (
    ("png", "openbadges:credential_png"),
    ("json", "openbadges:credential_json"),
    ("verify", "openbadges:verify"),
)


def credential_links(award) -> dict[str, str]:
    links = {}
    for key, name in CREDENTIAL_URLS:
        try:
            links[key] = reverse(name, args=[award.public_id])
        except NoReverseMatch:
            continue
    return links
