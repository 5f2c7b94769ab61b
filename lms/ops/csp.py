"""The site's Content Security Policy, with one carve-out for Wagtail's admin.

Public and learner pages get a strict nonce-based policy. Wagtail's admin still
writes some inline styles, so under /admin/ style-src alone allows them; scripts
stay nonce/self-only everywhere.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(settings.WAGTAIL_ADMIN_PATH):
            # A nonce in the same directive would make browsers ignore 'unsafe-inline'.
            parts.replace = {**(parts.replace or {}), "style-src": ["'self'", "'unsafe-inline'"]}
        return parts
