"""Intake from other systems: the 工单号 as idempotency key (the same twice makes one request),
checked as the staff form checks, the deadline from the Art. 31 date of receipt, status by
reference with personal data only for a token that holds request.view_personal."""

import base64
import datetime as dt
import json
import re

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.accounts.system import SYSTEM
from gongkai.api import actions
from gongkai.organisations.models import Agency
from gongkai.requests.models import Attachment, ClockEventRecord, ForwardedRequest, InfoRequest

pytestmark = pytest.mark.django_db
API = "/api/v1/requests/"
PDF = b"%PDF-1.4\n%gongkai intake test\n"


def identity_number(body="11010519491231002"):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def token(scopes=("request.intake", "request.status"), code="demo-county"):
    agency = Agency.objects.get(code=code)
    return actions.create_token(actor=SYSTEM, agency=agency, name="12345热线", scopes=scopes)[1]


def body(**changes):
    received = timezone.localdate() - dt.timedelta(days=3)
    data = {
        "agency": "demo-county",
        "channel": "hotline_12345",
        "received_on": received.isoformat(),
        "applicant_type": "natural_person",
        "applicant_name": "陈晓明",
        "id_type": "resident_id",
        "id_number": identity_number(),
        "phone": "13912345678",
        "email": "chen@example.cn",
        "description": "请公开本县 2024 年城区道路改造工程的招标文件和中标结果。",
        "receive_method": "email",
        "attachments": [{"name": "身份证明.pdf", "content_base64": base64.b64encode(PDF).decode()}],
    }
    return data | changes


def post(text, data, key="GD2025-000123"):
    headers = {"Authorization": f"Bearer {text}"}
    if key:
        headers["Idempotency-Key"] = key
    return Client().post(API, json.dumps(data), content_type="application/json", headers=headers)


def chinese(response):
    answer = response.json()
    assert re.search(r"[\u4e00-\u9fff]", answer["message"]), answer
    return answer


def test_intake_registers_with_number_code_and_due_date(api_db):
    text = token()
    response = post(text, body())
    assert response.status_code == 201, response.content
    answer = response.json()
    req = InfoRequest.objects.get(number=answer["number"])
    assert answer["tracking_code"] and len(answer["tracking_code"]) == 10
    assert req.channel == "hotline_12345" and req.state == "processing"
    # Art. 31: the clock runs from the date of receipt the forwarder gave.
    assert req.received_on == dt.date.fromisoformat(body()["received_on"])
    assert answer["due_on"] == req.due_on.isoformat() and req.due_on > req.received_on
    assert ClockEventRecord.objects.filter(request=req, kind="confirm_receipt").count() == 1
    assert Attachment.objects.get(request=req).content_type == "application/pdf"
    assert ForwardedRequest.objects.get(request=req).reference == "GD2025-000123"
    assert answer["status_url"] == "/api/v1/requests/GD2025-000123?agency=demo-county"


def test_the_same_reference_twice_makes_one_request(api_db):
    text = token()
    first = post(text, body())
    again = post(text, body())
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["number"] == first.json()["number"]
    assert again.json()["tracking_code"] is None and again.json()["created"] is False
    assert ForwardedRequest.objects.filter(reference="GD2025-000123").count() == 1
    # The reference may come in the body instead of the header: the same request again.
    in_body = post(text, body(reference="GD2025-000123"), key=None)
    assert in_body.status_code == 200 and in_body.json()["number"] == first.json()["number"]


def test_the_same_reference_with_other_content_is_409(api_db):
    text = token()
    first = post(text, body())
    count = InfoRequest.objects.count()
    response = post(text, body(description="完全不同的申请内容：请公开 2023 年财政预算。"))
    assert response.status_code == 409
    assert first.json()["number"] in chinese(response)["message"]
    assert InfoRequest.objects.count() == count


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"id_number": "110105194912310020"}, "身份证号码"),
        ({"description": ""}, "内容描述"),
        ({"channel": "fax"}, "申请方式"),
        ({"received_on": "2999-01-01"}, "收到日期"),
        ({"received_on": "昨天"}, "received_on"),
        ({"applicant_type": "alien"}, "申请人类型"),
        ({"phone": "12"}, "电话"),
        ({"receive_method": "email", "email": ""}, "电子邮箱"),
        ({"agency": "no-such"}, "no-such"),
        (
            {
                "attachments": [
                    {
                        "name": "run.exe",
                        "content_base64": base64.b64encode(b"MZ\x90\x00" * 50).decode(),
                    }
                ]
            },
            "附件",
        ),
        ({"attachments": [{"name": "a.pdf", "content_base64": "!!!"}]}, "Base64"),
        (
            {
                "attachments": [{"name": "a.pdf", "content_base64": base64.b64encode(PDF).decode()}]
                * 6
            },
            "最多",
        ),
    ],
)
def test_bad_input_is_400_in_chinese_and_writes_nothing(api_db, changes, words):
    text = token()
    count, files = InfoRequest.objects.count(), Attachment.objects.count()
    response = post(text, body(**changes))
    assert response.status_code == 400, response.content
    assert words in chinese(response)["message"]
    assert (InfoRequest.objects.count(), Attachment.objects.count()) == (count, files)


def test_bad_reference_or_none_or_not_json_is_400(api_db):
    text = token()
    assert post(text, body(), key=None).status_code == 400
    assert "工单号" in chinese(post(text, body(), key="含空格 的号"))["message"]
    mismatch = post(text, body(reference="OTHER-1"))
    assert mismatch.status_code == 400 and "不一致" in chinese(mismatch)["message"]
    raw = Client().post(API, b"{not json", content_type="application/json",
                        headers={"Authorization": f"Bearer {text}", "Idempotency-Key": "K-1"})  # fmt: skip
    assert raw.status_code == 400 and chinese(raw)


def test_intake_needs_its_scope_in_the_target_agency(api_db):
    status_only = token(scopes=("request.status",))
    assert post(status_only, body()).status_code == 403
    elsewhere = token(code="demo-river")
    response = post(elsewhere, body())
    assert response.status_code == 403 and chinese(response)["code"] == "permission_denied"
    below = post(token(), body(agency="demo-county-edu"), key="EDU-1")
    assert below.status_code == 201  # a unit below the token's agency
    assert Client().post(API, "{}", content_type="application/json").status_code == 401


def _personal(req):
    return [req.applicant_name, req.id_number, req.phone, req.email]


def test_status_by_reference_without_personal_data(api_db):
    text = token()
    number = post(text, body()).json()["number"]
    req = InfoRequest.objects.get(number=number)
    response = Client().get(f"{API}GD2025-000123?agency=demo-county",
                            headers={"Authorization": f"Bearer {text}"})  # fmt: skip
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    answer = response.json()
    assert answer["number"] == number and answer["state"] == "processing"
    assert answer["due_on"] == req.due_on.isoformat() and answer["applicant"] is None
    assert [e["kind"] for e in answer["events"]] == ["confirm_receipt"]
    raw = json.dumps(answer, ensure_ascii=False)
    assert not [v for v in _personal(req) if v in raw]
    missing = Client().get(
        f"{API}GD-NONE?agency=demo-county", headers={"Authorization": f"Bearer {text}"}
    )
    assert missing.status_code == 404 and chinese(missing)


def test_status_follows_a_transfer_to_the_agency_responsible(api_db):
    from gongkai.accounts.models import User
    from gongkai.requests.actions.transfer import transfer

    text = token(scopes=("request.intake", "request.status", "request.view_personal"))
    number = post(text, body(), key="T-1").json()["number"]
    req = InfoRequest.objects.get(number=number)
    transfer(
        actor=User.objects.get(username="clerk"), info_request=req,
        to_agency=Agency.objects.get(code="demo-river"), on=timezone.localdate(),
        reason="招标文件由清河县人民政府保存",
    )  # fmt: skip
    # Asked as it was forwarded (the agency the 工单 went to); answered where it is now.
    answer = (
        Client()
        .get(f"{API}T-1?agency=demo-county", headers={"Authorization": f"Bearer {text}"})
        .json()
    )
    assert answer["number"] == number and answer["agency"] == "demo-river"
    assert answer["state"] == "submitted" and answer["due_on"] is None
    assert [e["kind"] for e in answer["events"]] == ["confirm_receipt", "transfer"]
    assert answer["events"][1]["label"] == "转送其他机关办理"
    # The token reads personal data in its own subtree only: 清河县 is not in it.
    assert answer["applicant"] is None


def test_status_with_view_personal_shows_the_applicant(api_db):
    text = token(scopes=("request.intake", "request.status", "request.view_personal"))
    post(text, body(), key="P-1")
    answer = (
        Client()
        .get(f"{API}P-1?agency=demo-county", headers={"Authorization": f"Bearer {text}"})
        .json()
    )
    assert answer["applicant"]["name"] == "陈晓明"
    assert answer["applicant"]["id_number"] == identity_number()


def test_the_reference_is_in_the_request_audit_row(api_db):
    from gongkai.audit.models import AuditEntry

    text = token()
    number = post(text, body(), key="AUD-7").json()["number"]
    req = InfoRequest.objects.get(number=number)
    entry = AuditEntry.objects.get(action="request.create", object_id=str(req.pk))
    assert entry.changes["reference"] == [None, "AUD-7"] and "接口令牌" in entry.actor_label


def test_openapi_documents_the_intake_and_its_bearer_auth(api_db):
    document = json.loads(Client().get("/api/v1/openapi.json").content)
    operation = document["paths"]["/api/v1/requests/"]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert "received_on" in schema["properties"] and "$defs" not in json.dumps(schema)
    assert operation["security"] and "Idempotency-Key" in json.dumps(operation["parameters"])
    assert "get" in document["paths"]["/api/v1/requests/{reference}"]
