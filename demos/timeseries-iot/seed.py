"""Seed the sensors: ``python seed.py``."""

from iot.seeding import run

if __name__ == "__main__":
    run()
