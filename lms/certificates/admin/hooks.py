"""Registers the certificates admin: the design snippet, the list and the menu."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from lms.certificates.admin.access import may_manage
from lms.certificates.admin.policy import DesignPolicy
from lms.certificates.admin.viewsets import CertificateDesignViewSet
from lms.certificates.models import CertificateDesign

register_permission_policy(CertificateDesign, DesignPolicy(CertificateDesign))
register_snippet(CertificateDesignViewSet)


@hooks.register("register_admin_urls")
def register_certificate_admin_urls():
    return [
        path(
            "certificates/issued/",
            include("lms.certificates.admin.urls", namespace="certificates_admin"),
        )
    ]


class CertificatesMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage(request.user)


@hooks.register("register_admin_menu_item")
def certificates_menu_item():
    return CertificatesMenuItem(
        "Certificates",
        reverse("certificates_admin:list"),
        name="certificates",
        icon_name="doc-full",
        order=460,
    )


@hooks.register("register_admin_menu_item")
def certificate_designs_menu_item():
    return CertificatesMenuItem(
        "Certificate design",
        reverse("wagtailsnippets_certificates_certificatedesign:list"),
        name="certificate-design",
        icon_name="image",
        order=461,
    )
