"""Rendering official documents (reply letters, later the annual report) to DOCX and PDF.

Plain Python over python-docx and reportlab; no Django.
"""

# Every PDF this package writes wraps Chinese text by the Chinese 禁则.
from . import cjk_breaks  # noqa: F401
