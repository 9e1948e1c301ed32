"""Rendering official documents (reply letters, later the annual report) to DOCX and PDF.

Plain Python over python-docx and reportlab; no Django.
"""
