"""Drop the anonymous careers page cache when something those pages show changes.

Pages list other pages (roles, routes, stories, the taster courses behind badges), badges
and the council's name and colours, and a hit is served without looking at the page's view
restrictions or the site again, so any of those changing empties the whole cache:
edits are rare next to page views, and a careers page costs one render to refill.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.careers.caching import forget_pages


def pages_changed(sender, **kwargs) -> None:
    # Again once the change commits (forget_pages): a request that rendered just before
    # may have stored the old page under a new generation.
    forget_pages()


def site_setting_changed(sender, instance, created=False, **kwargs) -> None:
    # Wagtail creates an empty setting the first time a page reads it: nothing shown changes.
    if created and instance.organisation_id is None:
        return
    pages_changed(sender)


def connect() -> None:
    from wagtail.models import Page, PageViewRestriction, Site

    from badges.models import BadgeAlignment, BadgeClass, Criterion
    from cms.models import SiteOrganisation
    from lms.people.models import Organisation

    for signal in (page_published, page_unpublished):
        signal.connect(pages_changed, dispatch_uid=f"careers-cache-{signal}")
    post_page_move.connect(pages_changed, dispatch_uid="careers-cache-page-move")
    post_delete.connect(pages_changed, sender=Page, dispatch_uid="careers-cache-page-delete")
    for model in (PageViewRestriction, Site, BadgeClass, BadgeAlignment, Criterion, Organisation):
        for signal in (post_save, post_delete):
            signal.connect(
                pages_changed, sender=model, dispatch_uid=f"careers-cache-{signal}-{model}"
            )
    for signal in (post_save, post_delete):
        signal.connect(
            site_setting_changed,
            sender=SiteOrganisation,
            dispatch_uid=f"careers-cache-{signal}-site-setting",
        )
