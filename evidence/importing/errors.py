"""What can go wrong while importing, as messages a curator can act on.

The parsers in `sources/` raise PayloadError; `http` raises the others. Neither imports the other.
"""


class ImporterError(Exception):
    """A problem a curator can act on; str(error) is the message to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(ImporterError):
    """The service does not hold the record (HTTP 404, or an empty answer)."""


class ServiceUnavailableError(ImporterError):
    """Offline, timed out, rate-limited or a server error: nothing was changed, try later."""


class PayloadError(ImporterError):
    """The document is malformed or truncated, or lacks what every record has."""
