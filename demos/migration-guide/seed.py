"""Seed with cqlengine: ``python seed.py``."""

from guide.seeding import run

if __name__ == "__main__":
    run()
