"""Realistic demo data: a city with its departments, two counties, their departments and
townships, and one login for each role. Later bounded contexts add their records here."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.system import SYSTEM
from gongkai.organisations.actions import assign_role, create_agency
from gongkai.organisations.actions.accounts import create_user
from gongkai.organisations.models import Agency
from gongkai.organisations.roles import Role
from gongkai.outbox.index import apply_changes

from .appeals import seed_appeals
from .catalog import seed_catalog
from .reports import seed_reports
from .requests import seed_requests

DEMO_PASSWORD = "gongkai-demo"

CITY_DEPARTMENTS = [
    ("edu", "教育局"),
    ("psb", "公安局"),
    ("finance", "财政局"),
    ("nr", "自然资源和规划局"),
    ("eco", "生态环境局"),
    ("housing", "住房和城乡建设局"),
    ("transport", "交通运输局"),
    ("health", "卫生健康委员会"),
    ("market", "市场监督管理局"),
]
COUNTY_DEPARTMENTS = [
    ("edu", "教育局"),
    ("nr", "自然资源局"),
    ("health", "卫生健康局"),
    ("hrss", "人力资源和社会保障局"),
    ("housing", "住房和城乡建设局"),
]
COUNTIES = [
    ("demo-county", "示范县", ["城关镇", "东河乡", "西山镇", "南湖街道"]),
    ("demo-river", "清河县", ["清河镇", "柳林乡", "北岗镇"]),
]

# (username, role, agency code, full name)
_ACCOUNTS = [
    ("clerk", Role.HANDLER, "demo-county", "李晓梅"),
    ("publisher", Role.PUBLISHER, "demo-county", "王建国"),
    ("reviewer", Role.REVIEWER, "demo-county", "赵丽华"),
    ("head", Role.HEAD, "demo-county", "陈志强"),
    ("admin", Role.ADMIN, "demo-county", "刘洋"),
    ("supervisor", Role.SUPERVISOR, "demo-city", "孙明"),
]
DEMO_USERS = [
    (username, role.label, "示范市人民政府" if code == "demo-city" else "示范县人民政府")
    for username, role, code, _ in _ACCOUNTS
] + [("operator", "平台管理员", "全部机关")]


def _contact(name: str, street: str, phone: str, postcode: str) -> dict:
    return {
        "disclosure_office": f"{name}政务公开办公室",
        "address": street,
        "postcode": postcode,
        "phone": phone,
        "fax": phone[:-1] + "9",
        "email": "gk@example.gov.cn",
        "office_hours": "工作日 上午 8:30–12:00，下午 14:30–17:30（法定节假日除外）",
    }


def seed_if_empty() -> bool:
    if Agency.objects.exists():
        return False
    seed()
    # The demo's records are searchable at once, with or without a worker beside the server
    # (`gongkai demo --no-serve` then `gongkai serve`): their index changes are applied here.
    apply_changes()
    return True


@transaction.atomic
def seed(today=None) -> None:

    today = today or timezone.localdate()
    city = create_agency(
        actor=SYSTEM,
        code="demo-city",
        name="示范市人民政府",
        short_name="示范市政府",
        level="city",
        kind="government",
        org_code="11440000MB2C12345X",
        **_contact("示范市人民政府办公室", "示范市人民路 1 号", "0750-3000001", "529000"),
    )
    create_agency(
        actor=SYSTEM,
        code="demo-city-office",
        name="示范市人民政府办公室",
        level="city",
        kind="department",
        parent=city,
        **_contact("示范市人民政府办公室", "示范市人民路 1 号", "0750-3000002", "529000"),
    )
    for i, (suffix, dept) in enumerate(CITY_DEPARTMENTS, start=10):
        create_agency(
            actor=SYSTEM,
            code=f"demo-city-{suffix}",
            name=f"示范市{dept}",
            level="city",
            kind="department",
            parent=city,
            **_contact(f"示范市{dept}", f"示范市建设路 {i} 号", f"0750-30000{i}", "529000"),
        )
    for n, (code, county_name, townships) in enumerate(COUNTIES, start=1):
        county = create_agency(
            actor=SYSTEM,
            code=code,
            name=f"{county_name}人民政府",
            short_name=f"{county_name}政府",
            level="county",
            kind="government",
            parent=city,
            **_contact(
                f"{county_name}人民政府办公室",
                f"{county_name}城关镇府前路 {n} 号",
                f"0750-88{n}0001",
                f"52970{n}",
            ),
        )
        create_agency(
            actor=SYSTEM,
            code=f"{code}-office",
            name=f"{county_name}人民政府办公室",
            level="county",
            kind="department",
            parent=county,
            **_contact(
                f"{county_name}人民政府办公室",
                f"{county_name}城关镇府前路 {n} 号",
                f"0750-88{n}0002",
                f"52970{n}",
            ),
        )
        for i, (suffix, dept) in enumerate(COUNTY_DEPARTMENTS, start=10):
            create_agency(
                actor=SYSTEM,
                code=f"{code}-{suffix}",
                name=f"{county_name}{dept}",
                level="county",
                kind="department",
                parent=county,
                **_contact(
                    f"{county_name}{dept}",
                    f"{county_name}城关镇新华路 {i} 号",
                    f"0750-88{n}00{i}",
                    f"52970{n}",
                ),
            )
        for i, township in enumerate(townships, start=1):
            kind_name = township
            create_agency(
                actor=SYSTEM,
                code=f"{code}-t{i}",
                name=f"{county_name}{kind_name}人民政府"
                if not kind_name.endswith("街道")
                else f"{county_name}{kind_name}办事处",
                level="township",
                kind="government",
                parent=county,
                **_contact(
                    f"{county_name}{kind_name}",
                    f"{county_name}{kind_name}中心街 {i} 号",
                    f"0750-88{n}10{i:02d}",
                    f"52970{n}",
                ),
            )

    agencies = {a.code: a for a in Agency.objects.all()}
    for username, role, code, full_name in _ACCOUNTS:
        user = create_user(
            actor=SYSTEM,
            username=username,
            password=DEMO_PASSWORD,
            full_name=full_name,
            email=f"{username}@example.gov.cn",
        )
        assign_role(actor=SYSTEM, user=user, agency=agencies[code], role=role)
    # The county's clerk also handles requests for the county government office, showing one
    # person holding roles in two agencies.
    clerk = type(user).objects.get(username="clerk")
    assign_role(actor=SYSTEM, user=clerk, agency=agencies["demo-county-office"], role=Role.HANDLER)
    create_user(
        actor=SYSTEM,
        username="operator",
        password=DEMO_PASSWORD,
        full_name="平台运维",
        is_superuser=True,
    )
    users = {
        u.username: u
        for u in type(clerk).objects.filter(username__in=["clerk", "head", "publisher", "reviewer"])
    }
    seed_requests(
        agency=agencies["demo-county"], clerk=users["clerk"], head=users["head"], today=today
    )

    seed_catalog(
        agency=agencies["demo-county"],
        publisher=users["publisher"],
        reviewer=users["reviewer"],
        today=today,
    )

    seed_appeals(
        agency=agencies["demo-county"], clerk=users["clerk"], head=users["head"], today=today
    )

    seed_reports(agencies=agencies, head=users["head"], today=today)
