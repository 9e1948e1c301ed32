"""Every page works under the Content-Security-Policy: the browser reports no violation while
staff and visitors use the main pages, the body editor and the redaction tool included."""

import io

import pytest

from gongkai.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

# Chromium fires `securitypolicyviolation` for each blocked script, style, image or frame.
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def watched(page):
    """The page, and the list of every CSP violation it has seen (events and console)."""
    from django.core.cache import cache

    cache.clear()  # portal pages cached by an earlier test link to records of its own seed
    seen = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None,
    )

    def violations():
        try:
            seen.extend(page.evaluate("window.__csp.splice(0)"))
        except Exception:  # a page that is navigating away; its console messages still count
            pass
        return seen

    return page, violations


def sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/office/")


def visit(page, violations, url):
    response = page.goto(url)
    assert response.status < 400, url
    page.wait_for_load_state("networkidle")
    assert violations() == [], url
    assert "script-src" in response.headers["content-security-policy"]


def first_link(page, pattern):
    """The first link on the page whose path matches the regular expression."""
    href = page.evaluate(
        "(p) => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))"
        ".find(h => new RegExp(p).test(h))",
        pattern,
    )
    assert href, f"no link matching {pattern} on {page.url}"
    return href


def test_portal_pages_keep_the_policy(watched, live_server, demo_data, screenshot):
    page, violations = watched
    base = live_server.url
    for path in (
        "/",
        "/agencies/demo-county/",
        "/agencies/demo-county/guide/",
        "/agencies/demo-county/catalog/",
        "/agencies/demo-county/annual-reports/",
        "/agencies/demo-county/apply/",
        "/search/?q=规划",
        "/track/",
    ):
        visit(page, violations, base + path)
    page.goto(f"{base}/agencies/demo-county/catalog/")
    visit(page, violations, base + first_link(page, r"^/info/\d+/$"))
    screenshot(page, "csp-portal-record")


def test_publisher_writes_in_the_editor_under_the_policy(
    watched, live_server, demo_data, screenshot
):
    page, violations = watched
    base = live_server.url
    sign_in(page, base, "publisher")
    for path in ("/office/", "/office/catalog/categories/", "/office/catalog/"):
        visit(page, violations, base + path)
    visit(page, violations, base + first_link(page, r"^/office/catalog/\d+/$"))
    visit(page, violations, f"{base}/office/catalog/new/")
    editor = page.locator(".prose-editor [contenteditable=true]")
    editor.click()
    page.keyboard.type("停车场规划")
    page.get_by_role("button", name="加粗").click()
    page.keyboard.type("三处")
    page.get_by_role("button", name="插入表格").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("行数").fill("2")
    dialog.get_by_label("列数").fill("2")
    dialog.get_by_role("button", name="插入").click()
    assert editor.locator("strong").inner_text() == "三处"
    assert editor.locator("table").count() == 1
    # The editor's own base styles are in place: the policy let its <style> in by the nonce.
    assert page.locator("style[data-tiptap-style]").count() == 1
    # (only Tiptap's injected CSS sets `break-spaces`; editor.css does not)
    white_space = "getComputedStyle(document.querySelector('.ProseMirror')).whiteSpace"
    assert page.evaluate(white_space) == "break-spaces"
    screenshot(page, "csp-editor")
    assert violations() == []


def _pdf(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.setFont("STSong-Light", 14)
    c.drawString(72, 760, "项目负责人身份证号：11010519491231002X")
    c.save()
    path = tmp_path / "公示.pdf"
    path.write_bytes(out.getvalue())
    return path


def test_clerk_pages_and_the_redaction_tool_keep_the_policy(
    watched, live_server, demo_data, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page, violations = watched
    base = live_server.url
    sign_in(page, base, "clerk")
    for path in (
        "/office/requests/",
        "/office/requests/new/",
        "/office/appeals/",
    ):
        visit(page, violations, base + path)
    page.locator("select#year").select_option(index=1)  # submits itself (autosubmit.js)
    page.wait_for_url("**/office/appeals/?year=*")
    assert violations() == []

    page.goto(f"{base}/office/requests/")
    visit(page, violations, base + first_link(page, r"^/office/requests/\d+/$"))
    screenshot(page, "csp-request-detail")
    page.get_by_label("上传拟公开的文件（PDF、PNG、JPEG）").set_input_files(str(_pdf(tmp_path)))
    page.get_by_role("button", name="上传并标注").click()
    page.wait_for_selector("figure.page img")
    page.wait_for_function("document.querySelector('figure.page img').complete")
    assert page.locator("#areas-list li").count() == 1
    screenshot(page, "csp-redaction")
    assert violations() == []


def test_report_pages_and_admin_keep_the_policy(
    watched, live_server, demo_data, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page, violations = watched
    base = live_server.url
    sign_in(page, base, "head")
    visit(page, violations, f"{base}/office/reports/")
    page.get_by_role("link", name="预览并核对").click()
    page.wait_for_load_state("networkidle")
    assert violations() == []
    page.get_by_role("link", name="编写正文、填写其他数字").click()
    page.wait_for_load_state("networkidle")
    assert violations() == []
    screenshot(page, "csp-report-draft")
    page.get_by_role("button", name="退出").click()

    sign_in(page, base, "supervisor")
    visit(page, violations, f"{base}/office/reports/")
    screenshot(page, "csp-reports-overview")
    visit(page, violations, f"{base}/office/units/")
    page.get_by_role("button", name="退出").click()

    sign_in(page, base, "operator")
    # The operator runs the installation; the units' statistics are the supervisor's (above).
    for path in ("/admin/", "/office/audit/", "/office/calendar/"):
        visit(page, violations, base + path)
    visit(page, violations, f"{base}/admin/accounts/user/")
    visit(page, violations, base + first_link(page, r"^/admin/accounts/user/\d+/change/"))
    screenshot(page, "csp-admin")
