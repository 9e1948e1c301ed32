"""Identity numbers, phone numbers and names: validation, finding, masking."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.requests.domain.personal_data import (
    check_digit,
    find_personal_data,
    mask_identity,
    mask_name,
    mask_phone,
    valid_identity_number,
)

# The example number of GB 11643-1999 itself.
STANDARD_EXAMPLE = "11010519491231002X"


@st.composite
def identity_numbers(draw) -> str:
    province = draw(st.sampled_from([11, 31, 44, 51, 65, 81]))
    rest = draw(st.integers(0, 9999))
    born = draw(st.dates(date(1900, 1, 1), date(2025, 12, 31)))
    serial = draw(st.integers(0, 999))
    body = f"{province:02d}{rest:04d}{born:%Y%m%d}{serial:03d}"
    return body + check_digit(body)


def test_known_numbers():
    assert valid_identity_number(STANDARD_EXAMPLE)
    assert valid_identity_number(STANDARD_EXAMPLE.lower())
    assert valid_identity_number("１１０１０５１９４９１２３１００２Ｘ")  # full-width
    assert not valid_identity_number("110105194912310021")  # wrong check digit
    assert not valid_identity_number("110105194902300020"[:17] + check_digit("11010519490230002"))
    assert not valid_identity_number("99010519491231002" + check_digit("99010519491231002"))
    assert valid_identity_number("110105491231002")  # 15-digit, born 1949-12-31
    assert not valid_identity_number("110105491331002")  # month 13
    assert not valid_identity_number("")
    assert not valid_identity_number(None)


@given(identity_numbers())
def test_generated_numbers_pass(number):
    assert valid_identity_number(number)


@given(identity_numbers(), st.integers(0, 17), st.integers(1, 10))
def test_any_single_character_change_fails(number, position, shift):
    alphabet = "0123456789X" if position == 17 else "0123456789"
    old = alphabet.index(number[position])
    new = alphabet[(old + shift) % len(alphabet)]
    if new == number[position]:
        return
    changed = number[:position] + new + number[position + 1 :]
    assert not valid_identity_number(changed)


def test_find_in_text():
    text = (
        "申请人张三，身份证号11010519491231002X，电话138 1234 5678，"
        "座机（010）12345678，另13912345678。订单号110105194912310021不是证号。"
    )
    found = [(m.kind, m.text) for m in find_personal_data(text)]
    assert found == [
        ("identity_number", "11010519491231002X"),
        ("mobile", "138 1234 5678"),
        ("landline", "（010）12345678"),
        ("mobile", "13912345678"),
    ]
    assert [m.kind for m in find_personal_data(text, landlines=False)].count("landline") == 0
    for m in find_personal_data(text):
        assert text[m.start : m.end] == m.text


def test_a_mobile_inside_a_longer_number_is_not_a_mobile():
    assert find_personal_data("流水号 2013812345678999") == []


@given(
    identity_numbers(),
    st.text(alphabet="申请人的信息，。：", max_size=10),
    st.text(alphabet="公开内容。", max_size=10),
)
def test_find_an_embedded_number(number, before, after):
    text = before + number + after
    matches = find_personal_data(text)
    assert [(m.kind, m.start, m.text) for m in matches] == [
        ("identity_number", len(before), number)
    ]


def test_masks():
    assert mask_identity(STANDARD_EXAMPLE) == "1101**********002X"
    assert mask_identity("110105491231002") == "1101*******1002"
    assert mask_identity("12345") == "*****"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+86 138-1234-5678") == "+86 138-****-5678"
    assert mask_phone("010-12345678") == "010-****5678"
    assert mask_phone("12345") == "*****"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧阳**"
    assert mask_name("欧阳修") == "欧阳*"
    assert mask_name("买买提·艾力") == "买**·**"
    assert mask_name("张") == "*"


@given(identity_numbers())
def test_identity_mask_hides_region_and_birth_date(number):
    masked = mask_identity(number)
    assert len(masked) == len(number)
    assert masked[:4] == number[:4] and masked[-4:] == number[-4:]
    assert not re.search(r"[0-9X]{5}", masked)


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_phone_mask_hides_the_middle_four(phone):
    assert mask_phone(phone) == phone[:3] + "****" + phone[-4:]
    assert [m.kind for m in find_personal_data(f"联系电话：{phone}。")] == ["mobile"]


@given(st.text(alphabet="王李张刘陈杨欧阳诸葛明华芳伟娜", min_size=1, max_size=6))
def test_name_mask_keeps_at_most_the_surname(name):
    masked = mask_name(name)
    assert len(masked) == len(name)
    revealed = [c for c in masked if c != "*"]
    assert len(revealed) <= (2 if len(name) > 2 else 1 if len(name) > 1 else 0)
    assert masked.endswith("*")


@pytest.mark.parametrize("name", ["John Smith", "Ａｌｉ"])
def test_non_chinese_names_keep_one_letter(name):
    masked = mask_name(name)
    assert masked[0] == name[0] and sum(c != "*" and c != " " for c in masked) == 1
