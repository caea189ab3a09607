"""Test and demo tooling: put an official's PKCS#12 key on a SoftHSM token.

SoftHSM is a software PKCS#11 token; with it, tests and the demo exercise the
same code path as a hardware token or HSM. Not for production keys.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from sopflow.errors import SigningError
from sopflow.signing.signers import Pkcs11Key, SignerSpec

__all__ = ["SOFTHSM_MODULES", "SoftHsmToken", "find_softhsm_module", "softhsm_available", "make_softhsm_token"]

SOFTHSM_MODULES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
)
"""Where distributions install the SoftHSM PKCS#11 module."""

_KEY_ID = "01"


@dataclass(frozen=True)
class SoftHsmToken:
    """A SoftHSM token made by :func:`make_softhsm_token`."""

    config: Path
    """The SoftHSM configuration file; ``SOFTHSM2_CONF`` must point at it while signing."""
    spec: SignerSpec
    """Signer configuration selecting the key on the token."""


def find_softhsm_module() -> Path | None:
    """The SoftHSM PKCS#11 module, if installed."""
    return next((Path(p) for p in SOFTHSM_MODULES if Path(p).exists()), None)


def softhsm_available() -> bool:
    """Whether SoftHSM, its module and ``pkcs11-tool`` (OpenSC) are installed."""
    return bool(shutil.which("softhsm2-util") and shutil.which("pkcs11-tool") and find_softhsm_module())


def make_softhsm_token(
    directory: Path,
    p12: Path,
    passphrase: str,
    *,
    label: str = "sopflow",
    key_label: str = "signing",
    pin: str = "1234",
    chain: bool = True,
) -> SoftHsmToken:
    """Create a token in ``directory`` holding the key and certificate(s) of ``p12``.

    Sets ``SOFTHSM2_CONF`` in this process's environment to the new token's
    configuration. SoftHSM reads it when the module is initialised and a
    process loads a module once, so a module already loaded here is
    re-initialised to see the new token (closing its open sessions; tokens
    made earlier in other directories are then out of reach).

    :param chain: also store the CA certificates of the PKCS#12 file on the token.
    :raises SigningError: SoftHSM or OpenSC is missing, or a tool fails.
    """
    module = find_softhsm_module()
    if not softhsm_available() or module is None:
        raise SigningError("SoftHSM is not installed", where="softhsm",
                           hint="install the softhsm2 and opensc packages")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    config = directory / "softhsm2.conf"
    tokens = directory / "tokens"
    tokens.mkdir(exist_ok=True)
    config.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(config)
    env = dict(os.environ)

    key, cert, extra = pkcs12.load_key_and_certificates(p12.read_bytes(), passphrase.encode("utf-8"))
    if key is None or cert is None:
        raise SigningError("the PKCS#12 file holds no key with a certificate", where=str(p12))
    key_pem = directory / "key.pem"
    key_pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    key_pem.chmod(0o600)
    try:
        _run(["softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", pin, "--pin", pin], env)
        _run(["softhsm2-util", "--import", str(key_pem), "--token", label, "--label", key_label,
              "--id", _KEY_ID, "--pin", pin], env)
        certs = [(key_label, _KEY_ID, cert)]
        if chain:
            certs += [(f"ca-{i}", f"{0x10 + i:02x}", c) for i, c in enumerate(extra)]
        for cert_label, cert_id, c in certs:
            der = directory / f"{cert_label}.der"
            der.write_bytes(c.public_bytes(serialization.Encoding.DER))
            _run(["pkcs11-tool", "--module", str(module), "--token-label", label, "--login", "--pin", pin,
                  "--write-object", str(der), "--type", "cert", "--label", cert_label, "--id", cert_id], env)
    finally:
        key_pem.unlink(missing_ok=True)
    _reinitialise(module)
    spec = SignerSpec(pkcs11=Pkcs11Key(module=module, token_label=label, key_label=key_label, pin=pin))
    return SoftHsmToken(config=config, spec=spec)


def _reinitialise(module: Path) -> None:
    """Make the SoftHSM module read its token directory again (python-pkcs11 loads a module once per process)."""
    import pkcs11

    pkcs11.lib(str(module)).reinitialize()


def _run(argv: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SigningError(f"{argv[0]} failed: {(result.stderr or result.stdout).strip()}", where="softhsm")
