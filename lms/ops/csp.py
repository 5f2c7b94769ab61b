"""The site's Content Security Policy, with one carve-out for Wagtail's admin.

Public and learner pages get a strict nonce-based policy. Wagtail's admin writes
inline scripts (date pickers, inline panels, choosers' initialisation) and inline
styles without nonces, and it has no hook to add them; under the admin path alone
both are allowed so editors get a working editor. Learner-facing pages, and H5P and
SCORM content (served from their own paths with their own policies), stay strict.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings

ADMIN_INLINE = ["'self'", "'unsafe-inline'"]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(settings.WAGTAIL_ADMIN_PATH):
            # A nonce in the same directive would make browsers ignore 'unsafe-inline'.
            parts.replace = {
                **(parts.replace or {}),
                "script-src": ADMIN_INLINE,
                "style-src": ADMIN_INLINE,
            }
        return parts
