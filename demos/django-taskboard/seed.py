"""Seed the board: ``python seed.py``."""

from taskboard.seeding import run

if __name__ == "__main__":
    run()
