"""Walk a running gongkai as the world first meets it: the portal, a search, the login page,
then a clerk's reply-letter PDF and the annual-report PDF. Standard library only, so it runs
with any Python. Usage: smoke_client.py BASE_URL REQUEST_ID YEAR"""

import http.cookiejar
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

base, request_id, year = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def get(path: str, *, expect: str, kind: str = "text/html") -> bytes:
    try:
        with opener.open(base + path, timeout=60) as response:
            body = response.read()
            ctype = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        sys.exit(f"失败：{path} 返回 HTTP {exc.code}")
    if response.status != 200 or kind not in ctype:
        sys.exit(f"失败：{path} 返回 {response.status} {ctype}")
    if expect.encode() not in body:
        sys.exit(f"失败：{path} 的内容里没有 {expect!r}")
    print(f"  ok  {path}  {len(body):,} 字节  {ctype}")
    return body


get("/", expect="政府信息公开")
get("/search/?q=" + urllib.parse.quote("政府信息公开"), expect="检索")
page = get("/accounts/login/", expect="csrfmiddlewaretoken").decode()
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
form = urllib.parse.urlencode(
    {"csrfmiddlewaretoken": token, "username": "clerk", "password": "gongkai-demo"}
).encode()
login = urllib.request.Request(base + "/accounts/login/", data=form, headers={"Referer": base})
with opener.open(login, timeout=60) as response:
    if "/accounts/login/" in response.url:
        sys.exit("失败：演示账号 clerk 无法登录")
print(f"  ok  登录为 clerk → {urllib.parse.urlparse(response.url).path}")
get(f"/office/requests/{request_id}/letter.pdf", expect="%PDF-", kind="application/pdf")
get(f"/office/requests/{request_id}/letter.docx", expect="PK", kind="wordprocessingml")
report = f"/office/reports/preview/download.{{}}?year={year}"
get(report.format("pdf"), expect="%PDF-", kind="application/pdf")
get(report.format("docx"), expect="PK", kind="wordprocessingml")
get(report.format("xlsx"), expect="PK", kind="spreadsheetml")
get(report.format("html"), expect="政府信息公开工作年度报告")
get(report.format("json"), expect='"template"', kind="application/json")
print("冒烟测试通过。")
