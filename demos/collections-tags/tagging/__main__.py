"""``python -m tagging``: the development server on http://127.0.0.1:5002 (``PORT``)."""

import os

from tagging.app import create_app

if __name__ == "__main__":
    create_app().run(port=int(os.environ.get("PORT", "5002")))
