"""WSGI entry point (``python manage.py runserver`` uses it too)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taskboard.settings")
application = get_wsgi_application()
