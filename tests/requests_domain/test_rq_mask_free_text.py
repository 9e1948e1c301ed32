"""Free text for people without request.view_personal (``mask_found``) and for text about to be
published (``strip_found``): what the detector finds is masked or taken out, the rest kept."""

from __future__ import annotations

import pytest

from gongkai.requests.domain.personal_data import (
    find_personal_data,
    mask_file_name,
    mask_found,
    strip_found,
)

ID_X = "44078419850505077X"  # passes the GB 11643 check digit
REQUEST = f"本人张小三，身份证{ID_X}，手机13712345678，申请公开道路改造招标文件"


def test_the_issue_s_request_keeps_nothing_identifying():
    masked = mask_found(REQUEST)
    assert masked == "本人张**，身份证4407**********077X，手机137****5678，申请公开道路改造招标文件"


@pytest.mark.parametrize(
    ("text", "raw", "shown"),
    [
        (f"（身份证号：{ID_X}）", ID_X, "4407**********077X"),
        (f"身份证号{ID_X.lower()}。", ID_X.lower(), "4407**********077x"),
        ("请致电13712345678。", "13712345678", "137****5678"),
        ("手机：137-1234-5678，谢谢", "137-1234-5678", "137-****-5678"),
        ("电话+86 13712345678；", "+86 13712345678", "+86 137****5678"),
        ("「13712345678」", "13712345678", "137****5678"),
        ("座机（0750）8123456", "（0750）8123456", "（0750）***3456"),
        ("联系0750-8123456。", "0750-8123456", "0750-***3456"),
        ("邮箱：zhang.san@example.com）", "zhang.san@example.com", "z***@example.com"),
        ("退费至6222021234567890128。", "6222021234567890128", "***************0128"),
        ("卡号 6222 0212 3456 7890 128", "6222 0212 3456 7890 128", "**** **** **** ***0 128"),
    ],
)
def test_numbers_in_text_with_punctuation_around_are_masked(text, raw, shown):
    masked = mask_found(text)
    assert raw not in masked and shown in masked
    # Only the number changed: the punctuation and words around it stay where they were.
    assert masked == text.replace(raw, shown)


def test_full_width_digits_are_found_and_masked():
    text = "身份证４４０７８４１９８５０５０５０７７Ｘ，手机１３７１２３４５６７８！"
    masked = mask_found(text)
    assert masked == "身份证４４０７**********０７７Ｘ，手机１３７****５６７８！"
    assert [m.kind for m in find_personal_data(text)] == ["identity_number", "mobile"]


def test_numbers_that_are_not_personal_data_are_left_alone():
    text = (
        "2024 年城区道路改造工程的招标文件（第 3 标段，金额 1234567 元），"
        "项目编号 440784198505050770，文号 示政办〔2024〕12 号，1234567890123456"
    )
    # The 18 digits fail the identity check digit; the 16 digits fail the Luhn check.
    assert mask_found(text) == text


def test_the_applicant_s_known_name_is_masked_wherever_it_occurs():
    assert mask_found("请将赵六的材料寄回，赵六已签字", names=["赵六"]) == (
        "请将赵*的材料寄回，赵*已签字"
    )
    assert mask_found("欧阳娜娜申请", names=["欧阳娜娜", "", " "]) == "欧阳**申请"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("申请人：李四 电话13712345678", "申请人：李* 电话137****5678"),
        (f"本人王小明（身份证{ID_X}）", "本人王**（身份证4407**********077X）"),
        # A request is not a name: nothing stated as the applicant's own here.
        ("本人申请公开身份证办理流程", "本人申请公开身份证办理流程"),
        ("本人要求公开电话费补贴标准", "本人要求公开电话费补贴标准"),
    ],
)
def test_a_name_is_guessed_only_when_stated_before_an_identity_or_contact(text, shown):
    assert mask_found(text) == shown


def test_file_names_keep_only_their_type():
    assert mask_file_name("赵六身份证.pdf") == "（文件名已隐去）.pdf"
    assert mask_file_name("材料") == "（文件名已隐去）"
    assert mask_file_name("赵六.身份证") == "（文件名已隐去）"


def test_strip_takes_out_the_personal_data_and_the_words_announcing_it():
    stripped = strip_found(REQUEST)
    assert stripped.text == "申请公开道路改造招标文件"
    assert [m.kind for m in stripped.removed] == ["name", "identity_number", "mobile"]
    warning = stripped.warning
    assert "身份证号码（4407**********077X）" in warning and "手机号码（137****5678）" in warning
    assert "姓名（张**）" in warning
    assert ID_X not in warning and "13712345678" not in warning


def test_strip_leaves_clean_text_alone_and_warns_of_nothing():
    stripped = strip_found("2024 年城区道路改造工程的招标文件")
    assert stripped.text == "2024 年城区道路改造工程的招标文件"
    assert stripped.removed == () and stripped.warning == ""


def test_strip_at_the_end_and_with_a_known_name():
    stripped = strip_found(
        "城区停车场规划图，联系电话13712345678，邮箱 zs@example.com", names=["张三丰"]
    )
    assert stripped.text == "城区停车场规划图"
    stripped = strip_found("张三丰申请城区停车场规划图", names=["张三丰"])
    assert stripped.text == "申请城区停车场规划图"
