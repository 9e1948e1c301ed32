"""有效性 of a 规章 or 规范性文件 is asked for on every save, not first at submission."""

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.catalog import actions
from gongkai.catalog.models import Record

pytestmark = pytest.mark.django_db

FORM = {
    "title": "示范县城乡居民最低生活保障实施细则",
    "doc_type": "normative",
    "document_number": "示府规〔2026〕1号",
    "formed_on": "2026-01-05",
    "body": "<p>第一条 为规范最低生活保障工作，制定本细则。</p>",
}


def test_the_form_marks_validity_required_for_the_types_that_carry_it(office, login, client):
    login(client, office["publisher"])
    page = client.get(reverse("catalog_office:new"))
    assert "有效性（规章、行政规范性文件必填）" in page.text
    assert 'class="req when-validity"' in page.text
    assert "规章和行政规范性文件必填（有效、失效或废止）" in page.text


def test_saving_a_normative_document_without_validity_says_what_to_fix(
    office, login, client, category
):
    login(client, office["publisher"])
    page = client.post(reverse("catalog_office:new"), FORM | {"category": category("2-2").pk})
    assert page.status_code == 200 and not Record.objects.exists()
    assert "规章和行政规范性文件须标注有效性（有效、失效或废止）。" in page.text
    assert page.context["form"].errors["validity"]
    saved = client.post(
        reverse("catalog_office:new"),
        FORM | {"category": category("2-2").pk, "validity": "effective"},
    )
    assert saved.status_code == 302 and Record.objects.get().validity == "effective"


def test_the_actions_refuse_it_too(office, draft):
    with pytest.raises(actions.InvalidStep, match="须标注有效性"):
        draft(doc_type="normative")
    record = draft(doc_type="normative", validity="effective")
    with pytest.raises(actions.InvalidStep, match="请填写废止日期"):
        actions.update_draft(
            actor=office["publisher"], record=record, data={"validity": "repealed"}
        )
    actions.update_draft(
        actor=office["publisher"],
        record=record,
        data={
            "validity": "repealed",
            "ended_on": dt.date.today(),
            "validity_basis": "示府规〔2026〕2号",
        },
    )
