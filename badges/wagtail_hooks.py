"""Wagtail finds this module; each badge package registers its admin from its own hooks module."""

import badges.admin.hooks  # noqa: F401
import badges.frameworks.admin_hooks  # noqa: F401
