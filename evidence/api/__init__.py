"""The read-only JSON API under /api/ (Django REST Framework, documented by drf-spectacular)."""
