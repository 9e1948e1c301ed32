"""Field-level encryption of personal data at rest (identity numbers, phones).

``cipher`` (plain Python) turns the configured key list into a ``Keyring`` that encrypts with
AES-256-GCM, or SM4-GCM for installations that need 商用密码应用安全性评估 (密评), and decrypts
whatever key of the list a value names. ``fields`` is the Django side: ``EncryptedCharField``
stores ciphertext and gives plaintext, with the keys from ``settings.FIELD_KEYS``.
"""
