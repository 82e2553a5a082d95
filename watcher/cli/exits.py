"""How a command ends: exit codes (documented in README.md) and the error that carries one."""

from __future__ import annotations

EXIT_OK, EXIT_RUNTIME, EXIT_CONFIG = 0, 1, 2


class CommandError(Exception):
    """Stops a command with an exit code and a message for stderr."""

    def __init__(self, message: str, code: int = EXIT_RUNTIME) -> None:
        super().__init__(message)
        self.code = code
