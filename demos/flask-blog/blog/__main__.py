"""``python -m blog``: the development server on http://127.0.0.1:5000 (``PORT`` to change)."""

import os

from blog.app import create_app

if __name__ == "__main__":
    create_app().run(port=int(os.environ.get("PORT", "5000")))
