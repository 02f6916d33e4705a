"""Seed the articles: ``python seed.py``."""

from tagging.seeding import run

if __name__ == "__main__":
    run()
