"""Seed the catalog: ``python seed.py``."""

from catalog.seeding import run

if __name__ == "__main__":
    run()
