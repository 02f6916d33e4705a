"""Seed the catalog: ``python seed.py``."""

from mvcatalog.seeding import run

if __name__ == "__main__":
    run()
