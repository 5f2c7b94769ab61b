"""Drop the cached sites and site settings when what they were read from changes."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Site, get_page_models
from wagtail.signals import post_page_move

from cms.selectors import forget_site_organisation, forget_sites


def site_or_page_changed(sender, instance=None, **kwargs) -> None:
    # Any page may be a site's root, and page edits are rare next to page views: the next
    # request per site reads it again.
    forget_sites()


def site_organisation_changed(sender, instance, **kwargs) -> None:
    forget_site_organisation(instance.site_id)


def connect() -> None:
    from cms.models import SiteOrganisation

    for name, signal in (("save", post_save), ("delete", post_delete)):
        for model in (Site, *get_page_models()):
            signal.connect(
                site_or_page_changed,
                sender=model,
                dispatch_uid=f"cms-sites-{name}-{model._meta.label_lower}",
            )
        signal.connect(
            site_organisation_changed,
            sender=SiteOrganisation,
            dispatch_uid=f"cms-site-organisation-{name}",
        )
    post_page_move.connect(site_or_page_changed, dispatch_uid="cms-sites-page-move")
