"""Actors without a staff account: the server's command line, and the public.

Distinct objects rather than ``None``, so that a view which forgets to pass the signed-in
user is refused instead of silently acting with full rights.
"""

from __future__ import annotations

import getpass


class AccountlessActor:
    """An actor that is not a staff account; the audit log records it by its label."""

    pk = None
    is_accountless = True  # what the audit log asks, so that it need not import this package
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


class SystemActor(AccountlessActor):
    """The server's command line: the policy lets it do anything (``SYSTEM``)."""


class PublicActor(AccountlessActor):
    """A citizen, who has no account: what they submit online is recorded under ``PUBLIC``,
    and the policy grants it nothing."""

    def __init__(self):
        super().__init__("公众（网上提交）")


class ServiceActor(AccountlessActor):
    """Another system calling the API with a token (``gongkai.api``): no account, so it can
    never sign in, be given a role or have a password set. It holds exactly its token's scopes
    (action codes) over its agency's subtree, which the policy reads; the audit log records it
    by its label, which names the token."""

    def __init__(self, label: str, *, token_id: int, agency_path: str, scopes: frozenset[str]):
        super().__init__(label)
        self.token_id = token_id
        self.agency_path = agency_path
        self.scopes = frozenset(scopes)


def _command_line_label() -> str:
    try:
        who = getpass.getuser()
    except Exception:  # no login name in some containers
        who = "?"
    return f"系统（命令行，{who}）"


SYSTEM = SystemActor(_command_line_label())
PUBLIC = PublicActor()
