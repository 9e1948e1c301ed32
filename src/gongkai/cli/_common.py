"""What several commands say the same way: a --date option, reminders sent, an import's table
and its end."""

from __future__ import annotations

import datetime as dt
import sys

from gongkai.cli import CommandError


def date_option(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError as exc:
        raise CommandError(f"日期 {value} 格式不对，应写成 YYYY-MM-DD。") from exc


def read_table_file(path):
    """The rows of a CSV or XLSX file to import; a file that cannot be read is one Chinese line."""
    from gongkai.table_files import TableError, read_table

    try:
        return read_table(path)
    except TableError as exc:
        raise CommandError(str(exc)) from exc


def print_sent(sent: list[tuple[str, object]], *, dry_run: bool, unit: str = "") -> None:
    verb = "将发送" if dry_run else "已排入发送队列"
    for address, about in sent:
        print(f"{verb}：{address}（{about}{unit}）")
    if dry_run:
        print(f"共将发送 {len(sent)} 封提醒。")
    else:
        # The outbox sends them (gongkai worker), and keeps them through a mail-server outage.
        print(f"共 {len(sent)} 封提醒已排入发送队列，由后台进程发出。")


def finish_import(
    result, *, what: str, agency_name: str, noun: str, good_rows_only: bool, items: str = "记录"
) -> int:
    """Every rejected row on stderr; nothing imported unless told to take the good rows only
    (ledgers.md: a bad row never stops an import silently)."""
    for error in result.errors:
        print(str(error), file=sys.stderr)
    if result.errors and not good_rows_only:
        print(
            f"{what}有 {len(result.errors)} 处错误，未导入任何{items}。请改正后重新导入，"
            "或加 --good-rows-only 只导入正确的行。",
            file=sys.stderr,
        )
        return 1
    skipped = f"，跳过有错误的 {len({e.row for e in result.errors})} 行" if result.errors else ""
    print(f"已向 {agency_name} 导入 {result.imported} {noun}{skipped}。")
    return 0
