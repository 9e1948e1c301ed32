"""``gongkai report push``'s network side: one submitted version, serialised as this
installation's open-data API serves it (``api.views.version_out``), POSTed to the supervising
installation's ``/api/v1/annual-reports/``; every refusal said in Chinese."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

from gongkai.cli import CommandError

PATH = "/api/v1/annual-reports/"
REFUSED = {
    400: "上级平台认为报送的数据有误",
    401: "上级平台不接受这个令牌（令牌无效、过期或已吊销）",
    403: "这个令牌无权报送该单位的年度报告（须有 report.submit 权限，且单位在令牌的机关范围内）",
    404: "上级平台没有报送年度报告的接口（地址是否正确？）",
    409: "上级平台已收到该版本的不同内容",
    429: "调用过于频繁，请稍后再试",
}


def endpoint(base: str) -> str:
    """The submission URL from the installation's address (or the endpoint's own)."""
    parts = urllib.parse.urlsplit(base.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CommandError(f"上级平台的地址应以 https:// 或 http:// 开头：{base[:200]}", 2)
    path = parts.path.rstrip("/")
    if not (path + "/").endswith(PATH):
        path += PATH.rstrip("/")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path + "/", "", ""))


def read_token(path) -> str:
    try:
        token = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"无法读取令牌文件 {path}：{exc}", 2) from None
    if not token:
        raise CommandError(f"令牌文件 {path} 是空的。", 2)
    return token


def body(agency, kept) -> bytes:
    from ninja.responses import NinjaJSONEncoder

    from gongkai.api.views import version_out

    version = version_out(kept, with_data=True)
    data = {
        "agency": agency.code,
        "version": version["id"],
        "submitted_at": version["submitted_at"],
        "report": version["report"],
        "narrative": version["narrative"],
    }
    return json.dumps(data, cls=NinjaJSONEncoder, ensure_ascii=False).encode("utf-8")


def _refusal(exc: urllib.error.HTTPError) -> str:
    try:
        message = json.loads(exc.read().decode("utf-8")).get("message", "")
    except (ValueError, UnicodeDecodeError, AttributeError, OSError):
        message = ""
    lead = REFUSED.get(exc.code, f"上级平台答复 HTTP {exc.code}")
    return f"{lead}：{message}" if message else f"{lead}。"


def push(url: str, token: str, data: bytes, *, timeout: float) -> dict:
    request = urllib.request.Request(
        url,
        data=data,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Authorization": f"Bearer {token.strip()}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
    except urllib.error.HTTPError as exc:
        raise CommandError(_refusal(exc)) from None
    except TimeoutError:
        raise CommandError(f"连接上级平台超时（{timeout:g} 秒）：{url}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise CommandError(f"连接上级平台超时（{timeout:g} 秒）：{url}") from None
        raise CommandError(f"无法连接上级平台 {url}：{exc.reason}") from None
    except OSError as exc:
        raise CommandError(f"与上级平台通信失败：{exc}") from None
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise CommandError(f"上级平台的答复不是 JSON，地址是否正确？{url}") from None


def describe(agency, kept, answer: dict) -> str:
    findings = answer.get("findings") or []
    errors = sum(1 for f in findings if f.get("severity") == "error")
    state = "新收录" if answer.get("created") else "此前已收录"
    lines = [
        f"已报送 {agency.name} {kept.year} 年度报告（本平台版本 {kept.pk}）："
        f"上级平台{state}，编号 {answer.get('id')}；"
        f"校验结果 {errors} 处错误、{len(findings) - errors} 处提示。"
    ]
    lines += [
        f"  {'错误' if f.get('severity') == 'error' else '注意'}：{f.get('message')}"
        for f in findings
    ]
    return "\n".join(lines)
