"""Django views: the board, creating and moving cards, a task's history (HTML and JSON)."""

from __future__ import annotations

from uuid import UUID

from demo_support.config import database_config
from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST
from pydantic import ValidationError

from taskboard import DEMO_DIR
from taskboard.board import service
from taskboard.board.documents import STATUSES, Task, TaskEvent

BOARD = "main"


def page(request: HttpRequest, name: str, status: int = 200, **context: object) -> HttpResponse:
    """Render with the shared layout's variables."""
    context.update(brand="taskboard", database=database_config(DEMO_DIR).describe())
    return render(request, name, context, status=status)


def get_task(task_id: UUID) -> Task:
    """The task on the board, or 404."""
    task = Task.find_one(board=BOARD, id=task_id)
    if task is None:
        raise Http404(f"no task {task_id}")
    return task


@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    """The Kanban board with its column counters."""
    return page(
        request,
        "board.html",
        title="Board",
        columns=service.columns(BOARD),
        counters=service.counters(BOARD),
        statuses=STATUSES,
        error=request.GET.get("error", ""),
    )


@login_required
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    """Add a card; 400 for an empty or too long title."""
    try:
        service.create_task(
            BOARD,
            request.POST.get("title", "").strip(),
            request.user.get_username(),
            request.POST.get("assignee", "").strip(),
        )
    except ValidationError:
        return HttpResponseBadRequest("a task needs a title of 1 to 120 characters")
    return HttpResponseRedirect("/")


@login_required
@require_POST
def move(request: HttpRequest, task_id: UUID) -> HttpResponse:
    """Move a card to another column; 400 for an unknown column, 404 for a missing task."""
    task = get_task(task_id)
    try:
        service.move_task(task, request.POST.get("status", ""), request.user.get_username())
    except ValueError as exc:
        return HttpResponseBadRequest(str(exc))
    return HttpResponseRedirect("/")


@login_required
@require_GET
def detail(request: HttpRequest, task_id: UUID) -> HttpResponse:
    """A task and its event log."""
    task = get_task(task_id)
    events = TaskEvent.find(task_id=task_id).limit(50).all()
    return page(request, "task.html", title=task.title, task=task, events=events)


@login_required
@require_GET
def events_json(request: HttpRequest, task_id: UUID) -> JsonResponse:
    """The event log as JSON, newest first."""
    get_task(task_id)
    events = TaskEvent.find(task_id=task_id).limit(200).all()
    return JsonResponse(
        {"events": [{"kind": e.kind, "actor": e.actor, "detail": e.detail} for e in events]}
    )
