"""``python -m vsearch``: uvicorn on http://127.0.0.1:8004 (``PORT`` to change)."""

import os

import uvicorn

if __name__ == "__main__":
    uvicorn.run("vsearch.app:app", host="127.0.0.1", port=int(os.environ.get("PORT", "8004")))
