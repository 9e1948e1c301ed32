"""The applicant key: same person, same key, across the ways people write their details."""

from __future__ import annotations

import hashlib
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.requests.domain.applicants import (
    ApplicantKeyError,
    applicant_key,
    normalise_identity,
    normalise_phone,
)
from gongkai.requests.domain.personal_data import check_digit

ID18 = "11010519491231002X"
# The same person's old 15-digit number: 18 digits without the century and the check character.
ID15 = "110105491231002"


def test_key_is_sha256_hex_of_the_chosen_identifier():
    key = applicant_key("张三", ID18, "13812345678", "a@b.cn")
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    assert key == hashlib.sha256(f"gongkai-applicant:id:{ID18}".encode()).hexdigest()
    for secret in ("13812345678", ID18, "张三"):
        assert secret not in key


def test_identity_number_comes_first():
    base = applicant_key("张三", ID18, "13812345678", "a@b.cn")
    assert applicant_key("张小三", ID18, "13900000000", "other@x.cn") == base
    assert applicant_key("张三", None, "13812345678", "a@b.cn") != base


@pytest.mark.parametrize(
    "written",
    [
        ID18,
        ID18.lower(),
        f" {ID18} ",
        "１１０１０５１９４９１２３１００２Ｘ",
        "110105 19491231 002X",
        ID15,
    ],
)
def test_ways_of_writing_an_identity_number(written):
    assert applicant_key(None, written, None, None) == applicant_key(None, ID18, None, None)


def test_fifteen_digit_number_is_widened_with_its_check_digit():
    assert normalise_identity(ID15) == "11010519491231002X"
    assert normalise_identity("440106900101123") == "44010619900101123" + check_digit(
        "44010619900101123"
    )
    # Other documents stay as given, without separators.
    assert normalise_identity("e12345678") == "E12345678"
    assert normalise_identity("91110000-MA01ABCD1X") == "91110000MA01ABCD1X"


@pytest.mark.parametrize(
    "written",
    ["13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "008613812345678"],
)
def test_ways_of_writing_a_mobile(written):
    assert normalise_phone(written) == "13812345678"
    assert applicant_key("张三", "", written, "a@b.cn") == applicant_key(
        "李四", None, "13812345678", None
    )


@pytest.mark.parametrize("written", ["010-66001234", "(010)66001234", "+86 10 6600 1234"])
def test_ways_of_writing_a_landline(written):
    assert normalise_phone(written) == "01066001234"


def test_email_then_name():
    assert applicant_key("张三", None, None, " Zhang.San@Example.CN ") == applicant_key(
        "王五", "", "", "zhang.san@example.cn"
    )
    assert applicant_key("买买提·艾力", None, None, None) == applicant_key(
        " 买买提•艾力 ", None, None, None
    )
    assert applicant_key("张 三", None, None, None) == applicant_key("张三", None, None, None)
    assert applicant_key("张三", None, None, None) != applicant_key("张四", None, None, None)


def test_kinds_never_collide():
    # A name that happens to look like a phone number is not that phone.
    assert applicant_key("13812345678", None, None, None) != applicant_key(
        None, None, "13812345678", None
    )


def test_secret_gives_a_different_keyed_hash():
    plain = applicant_key(None, ID18, None, None)
    keyed = applicant_key(None, ID18, None, None, secret="pepper")
    assert keyed != plain and re.fullmatch(r"[0-9a-f]{64}", keyed)
    assert keyed == applicant_key(None, ID18, None, None, secret=b"pepper")
    assert keyed != applicant_key(None, ID18, None, None, secret="other")


@pytest.mark.parametrize("empty", [None, "", "  ", "\u3000"])
def test_nothing_to_go_by(empty):
    with pytest.raises(ApplicantKeyError, match="无法识别申请人"):
        applicant_key(empty, empty, empty, empty)


@given(st.text(max_size=20), st.text(max_size=20), st.text(max_size=20), st.text(max_size=20))
def test_stable_and_well_formed(name, id_number, phone, email):
    try:
        key = applicant_key(name, id_number, phone, email)
    except ApplicantKeyError:
        # Only when nothing at all is left: no digit in the phone, blank name and email.
        assert not re.search(r"\d", unicodedata.normalize("NFKC", phone))
        assert not "".join(unicodedata.normalize("NFKC", name + email).split())
        return
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    assert key == applicant_key(name, id_number, phone, email)
