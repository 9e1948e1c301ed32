"""Agencies (行政机关) as a tree, the roles people hold in them, and the permission policy."""
