"""gongkai check [--deploy]: Django's system checks and the platform's own, in Chinese."""

from __future__ import annotations

import sys

from gongkai.cli._django import setup_django

# Django's own check messages are English; these are the ones a deployment meets.
DJANGO_MESSAGES = {
    "security.W001": "没有启用 SecurityMiddleware，HSTS、nosniff 等安全响应头都不会发送。",
    "security.W002": "没有启用 XFrameOptionsMiddleware，页面可能被嵌入其他网站（点击劫持）。",
    "security.W003": "没有启用 CSRF 中间件，表单不受跨站请求伪造保护。",
    "security.W005": "HSTS 未包含子域名（GONGKAI_HSTS_SUBDOMAINS=0）。",
    "security.W006": "没有发送 X-Content-Type-Options: nosniff 响应头。",
    "security.W009": "SECRET_KEY 太短、太简单或是自动生成的：请设置至少 50 个随机字符的密钥。",
    "security.W012": "会话 Cookie 没有设置 Secure（GONGKAI_HTTPS 为关），会在非 HTTPS 连接中发送。",
    "security.W016": "CSRF Cookie 没有设置 Secure（GONGKAI_HTTPS 为关），会在非 HTTPS 连接中发送。",
    "security.W019": "X_FRAME_OPTIONS 不是 DENY。",
    "security.W022": "没有设置 Referrer-Policy 响应头。",
    "security.W025": "SECRET_KEY_FALLBACKS 中有过短或过于简单的密钥。",
}
LEVELS = {
    "ERROR": "错误",
    "CRITICAL": "严重错误",
    "WARNING": "警告",
    "INFO": "提示",
    "DEBUG": "调试",
}


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "check",
        help="检查配置，--deploy 检查能否正式部署 / check the configuration",
        description="运行 Django 和平台自己的系统检查。加 --deploy 时还检查正式部署所需的设置"
        "（调试模式、域名、HTTPS 与 HSTS、发信服务器、中文字体等）。有错误时退出码为 1。",
    )
    p.add_argument(
        "--deploy",
        action="store_true",
        help="同时运行正式部署检查 / include the deployment checks",
    )
    p.set_defaults(func=cmd_check)


def describe(message) -> str:
    text = DJANGO_MESSAGES.get(message.id) or str(message.msg)
    hint = "" if message.id in DJANGO_MESSAGES or not message.hint else f"办法：{message.hint}"
    level = LEVELS.get(_level_name(message), "提示")
    return f"{level} [{message.id}] {text}" + (f"\n    {hint}" if hint else "")


def _level_name(message) -> str:
    from django.core import checks

    for name in ("CRITICAL", "ERROR", "WARNING", "INFO"):
        if message.level >= getattr(checks, name):
            return name
    return "DEBUG"


def cmd_check(args) -> int:
    setup_django()
    from django.core import checks

    from gongkai.config.checks import REPLACED

    found = checks.run_checks(include_deployment_checks=args.deploy)
    shown = [m for m in found if not m.is_silenced() and not (m.id in REPLACED and args.deploy)]
    errors = [m for m in shown if m.is_serious()]
    for message in sorted(shown, key=lambda m: (-m.level, m.id or "")):
        print(describe(message))
    what = "正式部署检查" if args.deploy else "系统检查"
    warnings = len(shown) - len(errors)
    sys.stdout.flush()
    if errors:
        print(
            f"{what}未通过：{len(errors)} 个错误、{warnings} 个警告。请按上面的说明修改后重试。",
            file=sys.stderr,
        )
        return 1
    print(f"{what}通过" + (f"（{warnings} 个警告）。" if warnings else "，没有发现问题。"))
    return 0
