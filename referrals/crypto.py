"""Envelope encryption of a referral's optional PII.

Each referral gets its own random data key (Fernet: AES-128-CBC + HMAC-SHA256). The data key is stored only
wrapped by a master key from REFERRAL_MASTER_KEYS (newest first). Rotating master keys re-wraps the data keys;
destroying a referral's wrapped key destroys its PII with it ("crypto-shredding").
"""

import base64
import hashlib
import json
from dataclasses import dataclass, field

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.utils import timezone

from .models import PiiItem, Referral, ReferralSecret


class PiiUnavailable(Exception):
    """No master key is configured, or none of them opens this referral's key."""


def master_keys() -> list[bytes]:
    keys = [k.encode() for k in settings.REFERRAL_MASTER_KEYS]
    if not keys and settings.DEBUG:
        # Development only: a key derived from SECRET_KEY, so the demo works without configuration.
        keys = [base64.urlsafe_b64encode(hashlib.sha256(b"referral-pii:" + settings.SECRET_KEY.encode()).digest())]
    if not keys:
        raise PiiUnavailable("Set REFERRAL_MASTER_KEYS to store client details.")
    return keys


def key_id(master: bytes) -> str:
    return hashlib.sha256(master).hexdigest()[:16]


def _unwrap(secret: ReferralSecret) -> bytes:
    if not secret.wrapped_key:
        raise PiiUnavailable("This referral's key was destroyed.")
    for master in master_keys():
        if key_id(master) == secret.master_key_id:
            try:
                return Fernet(master).decrypt(secret.wrapped_key.encode())
            except InvalidToken:
                break
    raise PiiUnavailable("No configured master key opens this referral's key.")


def _secret_and_key(referral: Referral) -> tuple[ReferralSecret, bytes, bool]:
    """The referral's secret row (locked) and its data key, made under the newest master key the first time.
    The third value says whether the key is new (nothing was encrypted under it yet)."""
    newest = master_keys()[0]
    secret, created = ReferralSecret.objects.select_for_update().get_or_create(referral=referral)
    if secret.shredded_at:
        raise PiiUnavailable("This referral's details were destroyed.")
    if created or not secret.wrapped_key:
        data_key = Fernet.generate_key()
        secret.wrapped_key = Fernet(newest).encrypt(data_key).decode()
        secret.master_key_id = key_id(newest)
        secret.updated_at = timezone.now()
        secret.save()
        return secret, data_key, True
    return secret, _unwrap(secret), False


def store_pii(referral: Referral, values: dict) -> dict:
    """Encrypt and store the referral's PII (merged with what is already there). Returns the stored items."""
    secret, data_key, _new = _secret_and_key(referral)
    current = _decrypt(secret, data_key)
    current.update({k: v for k, v in values.items() if k in PiiItem.values})
    current = {k: v for k, v in current.items() if v not in (None, "")}
    secret.pii_ciphertext = Fernet(data_key).encrypt(json.dumps(current).encode()).decode()
    secret.updated_at = timezone.now()
    secret.save()
    return current


def _decrypt(secret: ReferralSecret, data_key: bytes) -> dict:
    if not secret.pii_ciphertext:
        return {}
    return json.loads(Fernet(data_key).decrypt(secret.pii_ciphertext.encode()))


def encrypt_text(referral: Referral, text: str) -> str:
    """`text` encrypted under the referral's data key (the same key, rotation and shredding as its PII).
    Call inside a transaction: the referral's secret row is locked while its key is made."""
    _secret, data_key, _new = _secret_and_key(referral)
    return Fernet(data_key).encrypt(text.encode()).decode()


def decrypt_texts(referral: Referral, ciphertexts: list[str]) -> list[str | None]:
    """Each ciphertext opened with the referral's data key; None for one that is empty or cannot be opened.
    Raises PiiUnavailable when the key itself is gone (shredded) or no master key opens it."""
    secret = ReferralSecret.objects.filter(referral=referral).first()
    if secret is None:
        raise PiiUnavailable("This referral has no key.")
    fernet = Fernet(_unwrap(secret))
    opened = []
    for ciphertext in ciphertexts:
        try:
            opened.append(fernet.decrypt(ciphertext.encode()).decode() if ciphertext else None)
        except InvalidToken:
            opened.append(None)
    return opened


def read_pii(referral: Referral) -> dict:
    """The referral's PII, or {} when none was given. Raises PiiUnavailable when it cannot be opened."""
    secret = ReferralSecret.objects.filter(referral=referral).first()
    if secret is None or (not secret.pii_ciphertext and not secret.shredded_at):
        return {}
    return _decrypt(secret, _unwrap(secret))


def shred(referral: Referral, now=None) -> bool:
    """Destroy the referral's data key and ciphertext. Returns True when there was something to destroy."""
    now = now or timezone.now()
    changed = ReferralSecret.objects.filter(referral=referral, shredded_at=None).update(
        wrapped_key="", master_key_id="", pii_ciphertext="", shredded_at=now, updated_at=now
    )
    return bool(changed)


@dataclass
class Rotation:
    """What `rotate` did: how many keys it re-wrapped, and the referrals whose key no configured master key
    opens (left as they are, so an operator can add the missing key and run it again)."""

    rewrapped: int = 0
    failed: list = field(default_factory=list)


def rotate() -> Rotation:
    """Re-wrap every live data key under the newest master key, going on past any it cannot open."""
    newest = master_keys()[0]
    newest_id = key_id(newest)
    result = Rotation()
    for secret in ReferralSecret.objects.exclude(wrapped_key="").exclude(master_key_id=newest_id):
        try:
            data_key = _unwrap(secret)
        except PiiUnavailable:
            result.failed.append(secret.referral_id)
            continue
        secret.wrapped_key = Fernet(newest).encrypt(data_key).decode()
        secret.master_key_id = newest_id
        secret.save(update_fields=["wrapped_key", "master_key_id"])
        result.rewrapped += 1
    return result
