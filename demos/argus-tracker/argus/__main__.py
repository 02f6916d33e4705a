"""``python -m argus``: see :mod:`argus.cli`."""

import sys

from argus.cli import main

if __name__ == "__main__":
    sys.exit(main())
