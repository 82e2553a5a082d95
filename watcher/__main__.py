import sys

from watcher.cli import main

if __name__ == "__main__":   # parse workers re-import the main module; never run twice
    sys.exit(main())
