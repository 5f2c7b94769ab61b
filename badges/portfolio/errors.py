"""The one error portfolio services raise for callers to show as it is."""


class PortfolioRefused(Exception):
    """An action that must not happen (not yours to decide, already decided, wrong kind
    of criterion...); the message is written for the person who tried."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
