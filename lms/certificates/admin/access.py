"""Who manages certificates in the admin, and over which council.

Platform admins: every council. A council's editors and HR/L&D admins: their own
council's design and certificates. Other councils' records are left out of every
queryset, so their ids are simply not found.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from lms.certificates.models import Certificate, CertificateDesign
from lms.people.permissions import Viewer

DENIED = "Certificates are managed by a council's editors and HR/L&D admins."


def _viewer(user) -> Viewer:
    viewer = getattr(user, "_certificates_admin_viewer", None)
    if viewer is None:
        viewer = Viewer(user)
        if user.is_authenticated:
            user._certificates_admin_viewer = viewer
    return viewer


def is_platform_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def council_of(user):
    """The council whose certificates this user manages, or None."""
    if not user.is_authenticated or not user.is_active:
        return None
    viewer = _viewer(user)
    if viewer.organisation is None or not (viewer.is_editor or viewer.is_hr_admin):
        return None
    return viewer.organisation


def may_manage(user) -> bool:
    return is_platform_admin(user) or council_of(user) is not None


def require_manager(user) -> None:
    if not may_manage(user):
        raise PermissionDenied(DENIED)


def designs_for(user) -> QuerySet[CertificateDesign]:
    designs = CertificateDesign.objects.select_related("organisation")
    if is_platform_admin(user):
        return designs
    council = council_of(user)
    return designs.filter(organisation=council) if council else designs.none()


def certificates_for(user) -> QuerySet[Certificate]:
    certificates = Certificate.objects.select_related("organisation", "learner")
    if is_platform_admin(user):
        return certificates
    council = council_of(user)
    return certificates.filter(organisation=council) if council else certificates.none()
