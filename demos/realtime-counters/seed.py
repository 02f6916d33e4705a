"""Seed the analytics: ``python seed.py``."""

from pageviews.seeding import run

if __name__ == "__main__":
    run()
