"""The field cipher (plain Python): what it stores, what it refuses, how keys rotate."""

import base64

import pytest

from gongkai.fieldcrypt.cipher import (
    DecryptError,
    KeyConfigError,
    Keyring,
    is_encrypted,
    stored_length,
)

AES_KEY = "a" * 32 + "-field-key-for-tests"
SM4_KEY = "sm4:" + "s" * 40
CONTEXT = "requests.inforequest.id_number"
ID = "11010519491231002X"


@pytest.mark.parametrize("text, algorithm", [(AES_KEY, "aes"), (SM4_KEY, "sm4")])
def test_a_value_goes_in_as_ciphertext_and_comes_back(text, algorithm):
    ring = Keyring([text])
    stored = ring.encrypt(ID, CONTEXT)
    assert ID not in stored and is_encrypted(stored)
    prefix, alg, key_id, _ = stored.split(":", 3)
    assert (prefix, alg, len(key_id)) == ("gk1", algorithm, 8)
    assert ring.decrypt(stored, CONTEXT) == ID
    # A random nonce per value: equal numbers do not give equal ciphertexts.
    assert ring.encrypt(ID, CONTEXT) != stored


def test_the_two_algorithms_and_two_keys_differ():
    assert Keyring([AES_KEY]).keys[0].key_id != Keyring(["b" * 32]).keys[0].key_id
    aes, sm4 = Keyring([AES_KEY]).keys[0], Keyring([SM4_KEY]).keys[0]
    assert (len(aes.key), len(sm4.key)) == (32, 16)


def test_a_value_moved_to_another_column_does_not_open():
    ring = Keyring([AES_KEY])
    stored = ring.encrypt(ID, CONTEXT)
    with pytest.raises(DecryptError, match="校验"):
        ring.decrypt(stored, "requests.inforequest.phone")


def test_a_changed_ciphertext_does_not_open():
    ring = Keyring([AES_KEY])
    head, blob = ring.encrypt(ID, CONTEXT).rsplit(":", 1)
    raw = bytearray(base64.urlsafe_b64decode(blob + "=" * (-len(blob) % 4)))
    raw[14] ^= 1
    forged = head + ":" + base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
    with pytest.raises(DecryptError, match="校验"):
        ring.decrypt(forged, CONTEXT)
    with pytest.raises(DecryptError, match="格式"):
        ring.decrypt("gk1:aes:broken", CONTEXT)


def test_rotation_the_first_key_encrypts_every_key_decrypts():
    old = Keyring([AES_KEY]).encrypt(ID, CONTEXT)
    rotated = Keyring([SM4_KEY, AES_KEY])
    assert rotated.decrypt(old, CONTEXT) == ID
    new = rotated.encrypt(ID, CONTEXT)
    assert new.startswith("gk1:sm4:")
    assert rotated.needs_rekey(old) and not rotated.needs_rekey(new)
    assert rotated.needs_rekey(ID) and not rotated.needs_rekey("")
    # Dropping the old key too early is said plainly, naming the key that is missing.
    with pytest.raises(DecryptError, match="aes:") as refused:
        Keyring([SM4_KEY]).decrypt(old, CONTEXT)
    assert "GONGKAI_FIELD_KEY" in str(refused.value)


def test_plaintext_from_before_the_encryption_is_read_as_it_is():
    assert Keyring([AES_KEY]).decrypt("13812345678", CONTEXT) == "13812345678"


def test_short_keys_and_no_keys_are_refused_in_chinese():
    with pytest.raises(KeyConfigError, match="至少 32"):
        Keyring(["too-short"])
    with pytest.raises(KeyConfigError, match="至少 32"):
        Keyring(["sm4:" + "x" * 31])
    empty = Keyring([])
    assert not empty
    with pytest.raises(KeyConfigError, match="GONGKAI_FIELD_KEY"):
        empty.encrypt(ID, CONTEXT)


@pytest.mark.parametrize("value", ["1" * 40, "号" * 40, "😀" * 40, "+86 138-1234-5678"])
def test_the_column_width_holds_the_widest_value(value):
    stored = Keyring([AES_KEY]).encrypt(value, CONTEXT)
    assert len(stored) <= stored_length(40) == 268
