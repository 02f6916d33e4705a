"""Seed the session store: ``python seed.py``."""

from ttlsessions.seeding import run

if __name__ == "__main__":
    run()
