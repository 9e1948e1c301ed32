"""gongkai worker: runs the queued background tasks (django.tasks, queued in the database or in
Redis)."""

from __future__ import annotations

from gongkai.cli import CommandError
from gongkai.cli._django import setup_django


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "worker",
        help="运行后台任务 / run the background tasks",
        description="从任务队列（数据库，或 GONGKAI_TASKS_BACKEND=redis 时的 Redis）取出任务"
        "逐个运行，直到收到 Ctrl-C 或 SIGTERM（正在运行的任务会先完成）。可以同时运行多个；"
        "使用 Redis 时可以在多台机器上运行。"
        "已运行超过 GONGKAI_TASK_LEASE_SECONDS 秒仍未结束的任务视为其进程已死亡，重新排队。",
    )
    p.add_argument(
        "--once",
        action="store_true",
        help="队列为空时退出 / exit when the queue is empty",
    )
    p.add_argument(
        "--interval",
        type=float,
        default=1.0,
        help="队列为空时每隔多少秒检查一次（默认 1）/ seconds between polls",
    )
    p.set_defaults(func=cmd_worker)


def cmd_worker(args) -> int:
    if args.interval <= 0:
        raise CommandError("--interval 必须是正数。")
    setup_django()
    from gongkai.config.worker import queue_kind, run_worker

    if queue_kind() is None:
        raise CommandError(
            "GONGKAI_TASKS_BACKEND 既不是 db 也不是 redis：任务在提交它的进程中直接运行，"
            "不需要后台进程。"
        )
    requeued = run_worker(interval=args.interval, once=args.once)
    if requeued:
        print(f"重新排队了 {requeued} 个进程已死亡的任务。")
    return 0
