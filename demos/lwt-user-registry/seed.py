"""Seed the registry: ``python seed.py``."""

from registry.seeding import run

if __name__ == "__main__":
    run()
