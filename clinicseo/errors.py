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


class TextChanged(StateError):
    """The draft's text is no longer the version the person read, so nothing was done: an
    approval, override, rejection or edit holds for the text that was seen. Carries both
    hashes so a surface can show what changed in between."""

    def __init__(self, draft_id: int, seen: str, current: str) -> None:
        super().__init__(
            f"draft {draft_id}: the text changed since you opened it (you read version "
            f"{seen[:12]}, it is now {current[:12]}); nothing was done: open it again"
        )
        self.draft_id, self.seen, self.current = draft_id, seen, current


class SlotTaken(StateError):
    """Another post is booked into the asked publish time; `free` holds the nearest free
    configured slots to offer instead."""

    def __init__(self, message: str, free: list[str]) -> None:
        super().__init__(message)
        self.free = free


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
