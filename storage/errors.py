"""Storage errors: every database failure leaves the storage package as StorageError."""


class StorageError(Exception):
    """A database operation failed. ``str()`` is a complete one-line message."""


class StaleStories(StorageError):
    """Entries were stored by another instance since the caller's story index last looked:
    refresh it and decide again (so two instances seeing one event make one story)."""


class LeaseLost(Exception):
    """This instance's lease on a row (feed or delivery) expired and another instance claimed it:
    the outcome it was about to record is dropped (fencing). Not a database failure."""

    def __init__(self, what: str) -> None:
        super().__init__(f"lease lost: {what} was claimed by another instance")
        self.what = what
