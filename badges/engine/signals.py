"""Signals the engine sends once its transaction has committed.

Receivers get `award_id` only and should queue their own work (credentials,
certificates) rather than do it inline, so a slow receiver never holds an award back.
"""

from django.dispatch import Signal

# A new award was committed.
badge_awarded = Signal()
# An award was revoked (committed); status lists and caches can refresh.
badge_revoked = Signal()
