"""Creating and moving tasks: each change writes the task, an event and the counters."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from coodie.sync import BatchQuery
from taskboard.board.documents import STATUSES, Status, Task, TaskCounter, TaskEvent


def now_ms() -> datetime:
    """Now in UTC, to the millisecond."""
    now = datetime.now(timezone.utc)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def log(task: Task, kind: str, actor: str, detail: str = "") -> None:
    """Append an event to the task's log."""
    TaskEvent(task_id=task.id, id=uuid.uuid1(), kind=kind, actor=actor, detail=detail).save()


def create_task(board: str, title: str, actor: str, assignee: str = "") -> Task:
    """A new card in "todo" (raises ``pydantic.ValidationError`` for a bad title)."""
    task = Task(
        board=board,
        id=uuid.uuid4(),
        title=title,
        assignee=assignee,
        created_by=actor,
        created_at=now_ms(),
    )
    task.save()
    TaskCounter(board=board, status="todo").increment(tasks=1)
    log(task, "created", actor, title)
    return task


def move_task(task: Task, status: Status, actor: str) -> bool:
    """Move a card; False when it is already there. Counters change in one COUNTER batch."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}")
    if task.status == status:
        return False
    old = task.status
    task.update(status=status)
    with BatchQuery(batch_type="COUNTER") as batch:
        TaskCounter(board=task.board, status=old).decrement(tasks=1, batch=batch)
        TaskCounter(board=task.board, status=status).increment(tasks=1, moves=1, batch=batch)
    log(task, "moved", actor, f"{old} → {status}")
    return True


def columns(board: str) -> dict[str, list[Task]]:
    """The board's cards by column (one partition read)."""
    out: dict[str, list[Task]] = {s: [] for s in STATUSES}
    for task in Task.find(board=board):
        out[task.status].append(task)
    for cards in out.values():
        cards.sort(key=lambda t: t.created_at)
    return out


def counters(board: str) -> dict[str, TaskCounter]:
    """The column counters (a column never counted reads as 0)."""
    found = {c.status: c for c in TaskCounter.find(board=board)}
    return {s: found.get(s, TaskCounter(board=board, status=s)) for s in STATUSES}
