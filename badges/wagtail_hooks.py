"""Wagtail finds this module; each badge package registers its admin from its own hooks module."""

import badges.admin.hooks
import badges.frameworks.admin_hooks  # noqa: F401
