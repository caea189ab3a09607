from __future__ import annotations

from pathlib import Path

import pytest

from sopflow.errors import SecretRejected, SigningError
from sopflow.signing import SignerSpec, TestPki, open_signer, signer_identity


def test_pkcs12_relative_path_and_identity(pki: TestPki, officials, passphrase):
    nip = officials[0].nip
    rel = pki.p12_by_nip[nip].relative_to(pki.directory)
    spec = SignerSpec.from_config({"pkcs12": str(rel), "passphrase": passphrase}, where="roster",
                                  base_dir=pki.directory)
    assert spec.pkcs12 == pki.p12_by_nip[nip]
    with open_signer(spec) as signer:
        assert signer_identity(signer.certificate) == (officials[0].name, nip)
        assert len(signer.chain) == 2


def test_pkcs11_config_parsed():
    spec = SignerSpec.from_config(
        {"pkcs11": {"module": "/usr/lib/softhsm/libsofthsm2.so", "token_label": "t", "key_label": "k",
                    "pin": "1234"}}, where="roster")
    assert spec.pkcs11 is not None and spec.pkcs11.token_label == "t" and spec.pkcs12 is None


@pytest.mark.parametrize("cfg, bad", [
    ({"pkcs12": "a.p12", "passphrase": "x", "pasphrase": "y"}, "pasphrase"),
    ({"pkcs11": {"module": "m", "token_label": "t", "key_label": "k", "slot": 0}}, "slot"),
])
def test_unknown_key_is_named(cfg, bad):
    with pytest.raises(SigningError, match=repr(bad)):
        SignerSpec.from_config(cfg, where="roster.toml: [[official]] 1")


def test_exactly_one_kind():
    with pytest.raises(SigningError, match="exactly one"):
        SignerSpec.from_config({}, where="x")
    with pytest.raises(SigningError, match="exactly one"):
        SignerSpec.from_config({"pkcs12": "a", "pkcs11": {}}, where="x")


def test_wrong_passphrase(pki: TestPki, officials):
    spec = SignerSpec(pkcs12=pki.p12_by_nip[officials[0].nip], passphrase="salah")
    with pytest.raises(SecretRejected, match="wrong passphrase"):
        with open_signer(spec):
            pass


def test_missing_file(tmp_path: Path):
    with pytest.raises(SigningError, match="cannot read"):
        with open_signer(SignerSpec(pkcs12=tmp_path / "none.p12", passphrase="x")):
            pass


def test_token_not_found(softhsm_token):
    assert softhsm_token.spec.pkcs11 is not None
    spec = SignerSpec.from_config({"pkcs11": {"module": str(softhsm_token.spec.pkcs11.module),
                                              "token_label": "no-such-token", "key_label": "k", "pin": "1234"}},
                                  where="x")
    with pytest.raises(SigningError, match="cannot open the PKCS#11 token") as refused:
        with open_signer(spec):
            pass
    assert not isinstance(refused.value, SecretRejected)  # the web must not count it as a wrong PIN


def test_wrong_pin_is_told_apart(softhsm_token):
    key = softhsm_token.spec.pkcs11
    assert key is not None
    spec = SignerSpec.from_config({"pkcs11": {"module": str(key.module), "token_label": key.token_label,
                                              "key_label": key.key_label, "pin": key.pin + "9"}}, where="x")
    with pytest.raises(SecretRejected, match="PIN"):
        with open_signer(spec):
            pass
