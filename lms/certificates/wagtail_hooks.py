"""Wagtail finds this module; the admin lives in lms/certificates/admin/."""

import lms.certificates.admin.hooks  # noqa: F401
