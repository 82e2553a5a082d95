from watcher.cli import console

if __name__ == "__main__":   # parse workers re-import the main module; never run twice
    console()
