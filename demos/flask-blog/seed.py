"""Seed the blog: ``python seed.py``."""

from blog.seeding import run

if __name__ == "__main__":
    run()
