"""``python -m ttlsessions``: the development server on http://127.0.0.1:5001 (``PORT``)."""

import os

from ttlsessions.app import create_app

if __name__ == "__main__":
    create_app().run(port=int(os.environ.get("PORT", "5001")))
