"""The Open Badges actions other parts of the platform call."""

from badges.openbadges.issuing import issue_credential
from badges.openbadges.keys import active_key, rotate_signing_key

__all__ = ["active_key", "issue_credential", "rotate_signing_key"]
