"""Seed the CMS: ``python seed.py``."""

from cms.seeding import run

if __name__ == "__main__":
    run()
