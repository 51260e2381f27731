"""One error family for the whole core.

Every boundary translates these once: the CLI into a one-line message and an exit code,
the review app into a flash message or a 404, the scheduler into a logged, recorded
failure that does not stop its loop.
"""


class ClinicSeoError(Exception):
    """Base class. `exit_code` is what the CLI exits with (1: the work failed)."""

    exit_code = 1


class UsageError(ClinicSeoError):
    """Bad usage or bad input from the user (CLI exit 2)."""

    exit_code = 2


class ConfigError(UsageError):
    """The config file is missing, malformed, or has a bad key. The message names file and key."""


class InputError(UsageError):
    """A file or value the user gave cannot be used. The message names it."""


class NotFound(ClinicSeoError):
    """A draft, user or page that does not exist."""

    exit_code = 2


class StateError(ClinicSeoError):
    """A draft cannot move from its state to the one asked for."""

    exit_code = 1


class TemplateFailure(ClinicSeoError):
    """A template failed to render; the message names the template file and line."""


class NoMaterial(ClinicSeoError):
    """The template library has nothing genuine to say about a topic."""


class CrawlError(ClinicSeoError):
    """A crawl could not run at all (a single bad page is a skip, not an error)."""


class PublishError(ClinicSeoError):
    """Publishing to WordPress failed. `transient` says whether a retry may succeed."""

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


class NotBuiltYet(ClinicSeoError):
    """A feature that is not built yet. Says so plainly instead of pretending."""
