"""``python -m guide``: the round trip (see :mod:`guide.roundtrip`)."""

import sys

from guide.roundtrip import main

if __name__ == "__main__":
    sys.exit(main())
