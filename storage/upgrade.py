"""``python -m storage.upgrade``: upgrade the database whose URL is on standard input to the
newest migration, and exit 0 (see :func:`storage.engine.upgrade_apart`; any failure exits
non-zero, and the parent upgrades in its own process, where the error is reported as always)."""

from __future__ import annotations

import sys

from storage.engine import make_engine, upgrade


def main() -> int:
    engine = make_engine(sys.stdin.read().strip())
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
