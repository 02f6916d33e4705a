"""Seed the tracker: ``python seed.py``."""

from argus.seeding import run

if __name__ == "__main__":
    run()
