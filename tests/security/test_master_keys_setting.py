"""Issue 10, item 6: a malformed REFERRAL_MASTER_KEYS entry stops production start-up with a clear message."""

from cryptography.fernet import Fernet

from .test_production_settings import _run


def test_production_refuses_a_malformed_master_key_naming_its_position_not_its_value():
    good = Fernet.generate_key().decode()
    result = _run(REFERRAL_MASTER_KEYS=f"{good},not-a-key-at-all")
    assert result.returncode != 0
    assert "REFERRAL_MASTER_KEYS entry 2 is not a Fernet key" in result.stderr
    assert "not-a-key-at-all" not in result.stderr and good not in result.stderr


def test_production_starts_with_well_formed_master_keys():
    keys = ",".join(Fernet.generate_key().decode() for _ in range(2))
    result = _run(REFERRAL_MASTER_KEYS=keys)
    assert result.returncode == 0, result.stderr[-2000:]
