"""Errors the award engine raises for callers to show as they are."""


class AwardRefused(Exception):
    """An award or revocation that must not happen; the message is fit to show an admin."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
