"""Seed the product catalog and its embeddings: ``python seed.py``."""

from vsearch.seeding import run

if __name__ == "__main__":
    run()
