"""``python -m cms``: the development server on http://127.0.0.1:5004 (``PORT``)."""

import os

from cms.app import create_app

if __name__ == "__main__":
    create_app().run(port=int(os.environ.get("PORT", "5004")))
