"""Entry point for gunicorn: ``gunicorn wsgi:app``."""

from caseboard import create_app

app = create_app()
