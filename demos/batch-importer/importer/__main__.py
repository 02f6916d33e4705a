"""``python -m importer``: see :mod:`importer.cli`."""

import sys

from importer.cli import main

if __name__ == "__main__":
    sys.exit(main())
