"""The actor for work done from the server's command line.

A distinct object rather than ``None``, so that a view which forgets to pass the signed-in
user is refused instead of silently acting with full rights.
"""

from __future__ import annotations

import getpass


class SystemActor:
    pk = None
    is_authenticated = False
    is_active = True
    is_superuser = False

    @property
    def display_name(self) -> str:
        try:
            who = getpass.getuser()
        except Exception:  # no login name in some containers
            who = "?"
        return f"系统（命令行，{who}）"

    def __str__(self) -> str:
        return self.display_name


SYSTEM = SystemActor()
