"""Storage errors: every database failure leaves the storage package as StorageError."""


class StorageError(Exception):
    """A database operation failed. ``str()`` is a complete one-line message."""


class StaleStories(StorageError):
    """Entries were stored by another instance since the caller's story index last looked:
    refresh it and decide again (so two instances seeing one event make one story)."""
