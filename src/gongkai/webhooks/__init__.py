"""Webhooks: other systems subscribe to the platform's events and receive them signed."""
