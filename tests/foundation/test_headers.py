"""Security headers and the request-body limit: CSP on every page, no-store on personal pages,
HSTS from the environment, oversized or length-less bodies refused before they are read."""

import os
import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory

from gongkai.config.middleware import body_limit
from gongkai.organisations.roles import Role

MB = 1024 * 1024


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.django_db
def test_pages_carry_a_policy_that_allows_no_inline_script(role_users, login):
    anonymous = Client()
    clerk = login(Client(), role_users[Role.HANDLER])
    for client, path in [(anonymous, "/"), (anonymous, "/track/"), (clerk, "/office/")]:
        directives = csp_directives(client.get(path))
        assert directives["default-src"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
        script = directives["script-src"]
        assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
        # A nonce appears only where the page used one (Django's lazy nonce).
        assert script[0] == "'self'" and all(v.startswith("'nonce-") for v in script[1:])


@pytest.mark.django_db
def test_the_editor_page_has_no_inline_script_without_the_nonce(role_users, login):
    publisher = login(Client(), role_users[Role.PUBLISHER])
    response = publisher.get("/office/catalog/new/")
    assert response.status_code == 200
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    soup = BeautifulSoup(response.content, "html.parser")
    scripts = soup.find_all("script")
    assert any(s.get("type") == "importmap" for s in scripts)
    for script in scripts:
        if not script.get("src"):  # inline: runs only with this response's nonce
            assert script.get("nonce") == nonce, script
    handlers = [a for tag in soup.find_all(True) for a in tag.attrs if a.startswith("on")]
    assert handlers == []


@pytest.mark.django_db
def test_office_login_admin_and_tracking_pages_are_not_stored(role_users, login):
    anonymous = Client()
    clerk = login(Client(), role_users[Role.HANDLER])
    for client, method, path in [
        (clerk, "get", "/office/"),
        (clerk, "get", "/office/requests/"),
        (anonymous, "get", "/accounts/login/"),
        (anonymous, "get", "/admin/login/"),
        (anonymous, "get", "/track/"),
        (anonymous, "post", "/track/"),
        (anonymous, "get", "/track/x/letter.pdf"),  # 404, but never kept either
    ]:
        response = getattr(client, method)(path)
        assert "no-store" in response["Cache-Control"], path
    assert "no-store" not in Client().get("/").get("Cache-Control", "")


@pytest.mark.django_db(transaction=True)
def test_reply_letter_downloads_are_not_stored(login):
    from gongkai.demo import seed
    from gongkai.requests.models import InfoRequest

    seed()
    req = InfoRequest.objects.filter(reply__isnull=False, agency__code="demo-county").first()
    clerk = Client()
    clerk.post("/accounts/login/", {"username": "clerk", "password": "gongkai-demo"})
    response = clerk.get(f"/office/requests/{req.pk}/letter.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_an_oversized_anonymous_post_is_refused_in_chinese(tree):
    response = Client().post(
        "/agencies/county/apply/", data=b"x", content_type="text/plain", CONTENT_LENGTH=300 * MB
    )
    assert response.status_code == 413
    assert response["Connection"] == "close"
    text = response.content.decode()
    assert "300.0 MB" in text and "52 MB 的上限" in text


@pytest.mark.django_db
def test_a_chunked_body_without_length_is_refused(tree):
    response = Client().generic(
        "POST", "/track/", HTTP_TRANSFER_ENCODING="chunked", CONTENT_LENGTH=""
    )
    assert response.status_code == 411
    assert "Content-Length" in response.content.decode()


@pytest.mark.django_db
def test_signed_in_staff_may_upload_more_on_office_paths(role_users, settings):
    settings.GONGKAI_MAX_UPLOAD_BYTES = 260 * MB
    factory = RequestFactory()

    def limit(path, user):
        request = factory.post(path)
        request.user = user
        return body_limit(request)

    clerk = role_users[Role.HANDLER]
    assert limit("/office/requests/1/release/", clerk) == 260 * MB
    assert limit("/office/requests/1/release/", AnonymousUser()) == 52 * MB
    assert limit("/agencies/county/apply/", clerk) == 52 * MB


def settings_in_fresh_process(tmp_path, env, *names):
    code = (
        "import django, json; django.setup(); from django.conf import settings;"
        f"print(json.dumps([getattr(settings, n) for n in {list(names)!r}]))"
    )
    full = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "GONGKAI_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "gongkai.config.settings",
        "SECRET_KEY": "k" * 60,
        **env,
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=full, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    import json

    return json.loads(out.stdout)


@pytest.mark.parametrize(
    "env, expected",
    [
        ({"GONGKAI_ENV": "production"}, [31536000, True, 260 * MB]),
        ({"GONGKAI_ENV": "production", "GONGKAI_HTTPS": "0"}, [0, True, 260 * MB]),
        (
            {"GONGKAI_ENV": "production", "GONGKAI_HSTS_SECONDS": "600"},
            [600, True, 260 * MB],
        ),
        (
            {"GONGKAI_ENV": "production", "GONGKAI_HSTS_SUBDOMAINS": "0"},
            [31536000, False, 260 * MB],
        ),
        ({"GONGKAI_ENV": "demo", "GONGKAI_MAX_UPLOAD_MB": "500"}, [0, True, 500 * MB]),
    ],
    ids=["production", "no-https", "hsts-600", "no-subdomains", "demo-upload-500"],
)
def test_hsts_and_upload_limit_come_from_the_environment(tmp_path, env, expected):
    names = ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "GONGKAI_MAX_UPLOAD_BYTES")
    assert settings_in_fresh_process(tmp_path, env, *names) == expected


def test_a_number_that_is_not_one_is_a_chinese_configuration_error(tmp_path):
    code = "import django; django.setup()"
    env = {
        "PATH": os.environ["PATH"],
        "GONGKAI_ENV": "demo",
        "GONGKAI_VAR_DIR": str(tmp_path),
        "GONGKAI_HSTS_SECONDS": "一年",
        "DJANGO_SETTINGS_MODULE": "gongkai.config.settings",
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert "GONGKAI_HSTS_SECONDS 必须是整数" in out.stderr
