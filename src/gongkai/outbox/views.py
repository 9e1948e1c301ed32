"""后台任务: the operator's view of the queue and the outbox, and the retry of a failed row.

Operators see no personal data: mails are shown by kind, subject (a request's number at most)
and error, never by address or body; failed tasks by their exception's class, not its text."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gongkai.office.views import office_view
from gongkai.organisations.roles import Action
from gongkai.web import params

from . import actions
from .models import IndexChange, IndexStatus, Mail, MailStatus

SHOWN = 50
TASK_LABELS = {
    TaskResultStatus.READY: "排队中",
    TaskResultStatus.RUNNING: "运行中",
    TaskResultStatus.FAILED: "失败",
    TaskResultStatus.SUCCESSFUL: "已完成",
}


def _counts(model, choices) -> list[tuple[str, str, int]]:
    got = dict(model.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return [(value, label, got.get(value, 0)) for value, label in choices]


def _tasks():
    got = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("pk")).order_by())
    counts = [(s, label, got.get(s, 0)) for s, label in TASK_LABELS.items()]
    rows = [
        {
            "name": row.task_path.rsplit(".", 1)[-1],
            "status": TASK_LABELS.get(row.status, row.status),
            "enqueued_at": row.enqueued_at,
            "error": row.exception_class_path.rsplit(".", 1)[-1],
        }
        for row in DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).order_by(
            "-enqueued_at"
        )[:SHOWN]
    ]
    return counts, rows


@office_view(Action.MANAGE_JOBS)
def jobs_page(request, agency):
    if request.method == "POST":
        kind = params.choice(request.POST, "kind", actions.KINDS)
        pk = params.object_id(request.POST, "pk", label="任务编号")
        try:
            row = actions.retry(actor=request.user, kind=kind, pk=pk or 0)
        except actions.Denied as exc:
            raise PermissionDenied(str(exc)) from exc
        except actions.NotRetryable as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已重新排队：{row}。")
        return redirect("outbox:jobs")
    task_counts, tasks = _tasks()
    unfinished_mail = Mail.objects.exclude(status=MailStatus.SENT)
    unfinished_index = IndexChange.objects.exclude(status=IndexStatus.DONE)
    return render(
        request,
        "outbox/jobs.html",
        {
            "task_counts": task_counts,
            "tasks": tasks,
            "mail_counts": _counts(Mail, MailStatus.choices),
            "mails": unfinished_mail.order_by("-updated_at")[:SHOWN],
            "index_counts": _counts(IndexChange, IndexStatus.choices),
            "index_changes": unfinished_index.order_by("-updated_at")[:SHOWN],
            "failed": {"mail": MailStatus.FAILED, "index": IndexStatus.FAILED},
        },
    )
