"""Pure rules behind the applicant's form and reply: contact numbers, the same request sent
twice, and when a disclosing reply needs a released file."""

import pytest

from gongkai.requests.domain.applicants import phone_problem, submission_digest
from gongkai.requests.domain.outcomes import release_refusal


@pytest.mark.parametrize(
    "phone",
    [
        "13912345678",
        "139 1234 5678",
        "+86 13912345678",
        "010-62345678",
        "0571-8765432",
        "057187654321",
        "0571-87654321-123",
        "0571-87654321转123",
        "（0571）87654321",
    ],
)
def test_mobile_and_landline_numbers_are_accepted(phone):
    assert phone_problem(phone) is None


@pytest.mark.parametrize(
    "phone, says",
    [
        ("abc", "请填写有效的联系电话"),
        ("12345678901", "以 13—19 开头"),
        ("1391234567", "11 位"),
        ("87654321", "区号"),
        ("0571-0123456", "区号"),  # a local number never starts with 0 or 1
        ("0571-87654321-1234567", "区号"),
    ],
)
def test_other_numbers_say_what_to_fix(phone, says):
    assert says in phone_problem(phone)


def test_the_same_description_with_other_spacing_is_the_same_submission():
    key = "k" * 64
    first = submission_digest(key, "2025 年 财政预算\n执行情况")
    assert first == submission_digest(key, "2025年财政预算执行情况 ")
    assert first == submission_digest(key, "２０２５年财政预算执行情况")  # full-width digits
    assert first != submission_digest(key, "2025年财政决算执行情况")
    assert first != submission_digest("j" * 64, "2025年财政预算执行情况")


def test_a_disclosing_online_reply_needs_a_released_file():
    refusal = release_refusal(outcome="disclosed", receive_method="online", released=0)
    assert "还没有可提供的公开文件" in refusal and "确认不附公开文件" in refusal
    assert release_refusal(outcome="partially_disclosed", receive_method="online", released=0)
    assert release_refusal(outcome="disclosed", receive_method="online", released=1) is None
    assert release_refusal(outcome="disclosed", receive_method="post", released=0) is None
    assert (
        release_refusal(outcome="unavailable_not_held", receive_method="online", released=0) is None
    )
