"""Pieces every web view shares."""
