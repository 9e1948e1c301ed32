"""The actor for work done from the server's command line.

A distinct object rather than ``None``, so that a view which forgets to pass the signed-in
user is refused instead of silently acting with full rights.
"""

from __future__ import annotations

import getpass


class SystemActor:
    """An actor that is not a staff account: the command line, or the public."""

    pk = None
    is_system = True  # what the audit log asks, so that it need not import this package
    is_authenticated = False
    is_active = True
    is_superuser = False

    def __init__(self, label: str):
        self._label = label

    @property
    def display_name(self) -> str:
        return self._label

    def __str__(self) -> str:
        return self.display_name


def _command_line_label() -> str:
    try:
        who = getpass.getuser()
    except Exception:  # no login name in some containers
        who = "?"
    return f"系统（命令行，{who}）"


SYSTEM = SystemActor(_command_line_label())
# Citizens have no accounts; what they submit is recorded under this actor, and the policy
# grants it nothing.
PUBLIC = SystemActor("公众（网上提交）")
