"""Storage errors: every database failure leaves the storage package as StorageError."""


class StorageError(Exception):
    """A database operation failed. ``str()`` is a complete one-line message."""
