"""``python -m coodie.cli``: the same as the ``coodie`` console script."""

from coodie.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
