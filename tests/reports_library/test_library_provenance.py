"""The library shows where a doubtful cell came from, so a supervisor checks it in seconds."""

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.reports.actions import library


@pytest.mark.django_db
def test_a_doubtful_cell_shows_its_place_in_the_document(region, login, fixture_bytes):
    kept, _ = library.upload_report(
        actor=region["supervisor"],
        within=region["city"],
        data=fixture_bytes("yunfu-office-2022.txt"),
        filename="yunfu.txt",
    )
    where = kept.data["provenance"]
    assert "推算" in where["requests.received_this_year.natural_person"]
    doubtful = {c for f in kept.findings for c in f.get("cells") or []}
    assert set(where) <= doubtful  # only cells a finding names are kept
    client = login(Client(), region["supervisor"])
    page = client.get(reverse("reports:detail", kwargs={"pk": kept.pk})).content.decode()
    assert "原文位置：一、本年新收申请·自然人" in page
