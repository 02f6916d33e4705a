"""Seed the importer: ``python seed.py``."""

from importer.seeding import run

if __name__ == "__main__":
    run()
