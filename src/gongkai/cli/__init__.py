"""The one command-line entry point, ``gongkai``.

Each module in this package that defines ``register(subparsers)`` contributes subcommands, so a
bounded context adds its commands by adding a module here and touches no shared file.
Every failure a person can cause ends in a one-line Chinese message, never a traceback:
``CommandError`` for expected problems, any other ``GongkaiError`` (an action's refusal) by its
message, exit code 1; anything else as an internal error (set
``GONGKAI_DEBUG=1`` to see the traceback when diagnosing).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

from gongkai import __version__
from gongkai.errors import GongkaiError, InvalidInput


class CommandError(InvalidInput):
    """An expected failure: the message tells the person what to fix."""

    code = "command"
    message = "命令未能执行。"

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own wording is English; add a Chinese lead.
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: 用法错误 (usage error): {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gongkai",
        description="gongkai 政府信息公开工作平台的命令行工具 (command-line tool of the gongkai platform)。"
        "所有命令都读取环境变量 DATABASE_URL 选择数据库。",
    )
    parser.add_argument("--version", action="version", version=f"gongkai {__version__}")
    subparsers = parser.add_subparsers(
        title="命令 (commands)", metavar="COMMAND", parser_class=_Parser
    )
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 2
    try:
        result = args.func(args)
    except GongkaiError as exc:  # CommandError and every refusal an action raises
        print(f"错误：{exc.message}", file=sys.stderr)
        return getattr(exc, "exit_code", 1)
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence against tracebacks
        if os.environ.get("GONGKAI_DEBUG"):
            raise
        from gongkai.cli._errors import describe

        print(f"错误：{describe(exc)}", file=sys.stderr)
        return 1
    return int(result or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
