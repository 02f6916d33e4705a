"""``migrate`` (SQLite), ``sync_cassandra`` (coodie), a demo user, then cards that move around."""

from __future__ import annotations

import os

from demo_support import progress
from demo_support.fake import Fake

USERS = {"demo": "demo", "ann": "ann-password", "bob": "bob-password"}


def setup_django() -> None:
    """Configure Django for a script (manage.py does this for commands)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taskboard.settings")
    django.setup()


def seed(tasks: int = 24, *, quiet: bool = False) -> int:
    """Users in SQLite, cards and their events in Cassandra; returns the number of cards."""
    from django.contrib.auth import get_user_model

    from taskboard.board import service
    from taskboard.board.views import BOARD

    user_model = get_user_model()
    for username, password in USERS.items():
        if not user_model.objects.filter(username=username).exists():
            user_model.objects.create_user(username, password=password)
    fake = Fake(23)
    people = list(USERS)
    with progress("Cards", total=tasks, quiet=quiet) as advance:
        for _ in range(tasks):
            actor = fake.random.choice(people)
            task = service.create_task(BOARD, fake.title(3), actor, fake.random.choice(people))
            for status in ("doing", "done")[: fake.random.randint(0, 2)]:
                service.move_task(task, status, fake.random.choice(people))
            advance()
    return tasks


def run() -> None:
    """Entry point of ``seed.py``."""
    setup_django()
    from django.core.management import call_command

    from taskboard import DEMO_DIR

    (DEMO_DIR / ".data").mkdir(exist_ok=True)
    call_command("migrate", verbosity=0)
    call_command("sync_cassandra")
    print(f"{seed()} cards on the board; log in as demo / demo")
