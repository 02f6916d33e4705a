"""URLs: the board and Django's own login/logout views."""

from django.contrib.auth import views as auth_views
from django.urls import path

from taskboard.board import views

urlpatterns = [
    path("", views.board),
    path("tasks", views.create),
    path("tasks/<uuid:task_id>", views.detail),
    path("tasks/<uuid:task_id>/move", views.move),
    path("api/tasks/<uuid:task_id>/events", views.events_json),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html",
            extra_context={"brand": "taskboard", "database": "", "title": "Log in"},
        ),
    ),
    path("logout/", auth_views.LogoutView.as_view(next_page="/login/")),
]
