"""``{{ entry|action_label }}``: an audit entry's action in words, on any history list."""

from django import template

from gongkai.audit import labels

register = template.Library()


@register.filter
def action_label(entry) -> str:
    return labels.action_label(entry.action, entry.transition)
