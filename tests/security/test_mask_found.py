"""Free text shown to people without request.view_personal: what the detector finds is masked."""

from gongkai.requests.domain.personal_data import mask_found


def test_identity_numbers_and_phones_in_free_text_are_masked_and_the_rest_kept():
    text = "本人张小三，身份证44078419850505077X，手机13712345678，座机0750-8123456，申请招标文件"
    masked = mask_found(text)
    assert "44078419850505077X" not in masked and "4407**********077X" in masked
    assert "13712345678" not in masked and "137****5678" in masked
    assert "8123456" not in masked and "0750-***3456" in masked
    # The name stated before the identity number is the applicant's: masked too.
    assert masked.startswith("本人张**，身份证") and masked.endswith("申请招标文件")


def test_text_without_personal_data_is_unchanged():
    text = "2024 年城区道路改造工程的招标文件（第 3 标段，金额 1234567 元）"
    assert mask_found(text) == text
