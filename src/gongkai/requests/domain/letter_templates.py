"""An agency's reply-letter template: text with {名称} placeholders, checked and filled here.

The template is never given to ``str.format``: that would also run ``{申请内容:>20000000}`` (a
20 MB padding on every request page), ``{申请内容!r}`` or ``{申请内容.__class__}`` and
``{申请内容[0]}``, written by whoever edits the template. ``{{`` and ``}}`` stay what they were
under ``str.format``: a brace itself.
"""

from __future__ import annotations

import re

# The placeholders an agency's own template may use, with what each stands for.
PLACEHOLDERS = {
    "收到日期": "收到申请的日期",
    "申请内容": "申请人所需信息的描述",
    "法律依据": "本办理结果应引用的条款",
    "救济途径": "申请行政复议、提起行政诉讼的途径和期限",
}
# A doubled brace, a braced name (anything up to the next brace), or a lone brace.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
# A letter is a page or two; these bound what one template can make of a long description.
MAX_TEMPLATE_CHARS = 5000
MAX_PLACEHOLDERS = 20


def _allowed() -> str:
    return "、".join("{" + k + "}" for k in PLACEHOLDERS)


def template_problems(template: str) -> list[str]:
    """What is wrong with a template, each in words that say what to fix; [] when it is fine."""
    problems: list[str] = []
    if len(template) > MAX_TEMPLATE_CHARS:
        problems.append(f"范本有 {len(template):,} 个字，超过 {MAX_TEMPLATE_CHARS:,} 字的上限。")
    used = 0
    for match in _TOKEN.finditer(template):
        token, name = match.group(0), match.group(1)
        if token in ("{{", "}}"):
            continue
        if name is None:
            problems.append(
                f"有未配对的花括号“{token}”：占位符写作 {{申请内容}} 这样，花括号本身请写两遍（{{{{ 或 }}}}）。"
            )
        elif name in PLACEHOLDERS:
            used += 1
        elif ":" in name:
            problems.append(
                f"占位符“{token}”带有格式说明（冒号及其后的部分）：占位符只写名称，如 {{申请内容}}。"
            )
        elif "!" in name:
            problems.append(
                f"占位符“{token}”带有转换（感叹号及其后的部分）：占位符只写名称，如 {{申请内容}}。"
            )
        elif "." in name or "[" in name:
            problems.append(
                f"占位符“{token}”含有属性或下标（“.”或“[ ]”）：占位符只写名称，如 {{申请内容}}。"
            )
        else:
            problems.append(f"“{token}”不是可用的占位符。可用的占位符：{_allowed()}。")
    if used > MAX_PLACEHOLDERS:
        problems.append(f"范本用了 {used} 个占位符，最多 {MAX_PLACEHOLDERS} 个。")
    return problems


def fill(template: str, values: dict[str, str]) -> str:
    """The template with each {名称} replaced by its value. Never raises and never formats:
    anything else in braces stays as written (a stored template from before the checks)."""

    def replace(match: re.Match) -> str:
        token, name = match.group(0), match.group(1)
        if token in ("{{", "}}"):
            return token[0]
        return values[name] if name in values else token

    return _TOKEN.sub(replace, template)
