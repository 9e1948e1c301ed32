"""Proactive disclosure (主动公开): the catalog, its review, the portal and search."""
