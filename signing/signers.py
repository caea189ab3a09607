"""Signers: where an official's key lives (PKCS#12 file or PKCS#11 token) and how it is loaded.

A :class:`SignerSpec` is the parsed configuration; :func:`open_signer` turns
it into a :class:`LoadedSigner` for the duration of a ``with`` block. The
private key of a PKCS#12 file is decrypted and parsed once per
:func:`open_signer`, never per signature; a PKCS#11 session stays open for
the block and is closed at its end.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.sign.signers import Signer
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from sopflow.errors import SecretRejected, SigningError

__all__ = ["Pkcs11Key", "SignerSpec", "LoadedSigner", "CachedKeySigner", "open_signer"]

_TOP_KEYS = {"pkcs12", "passphrase", "pkcs11"}
_PKCS11_KEYS = {"module", "token_label", "key_label", "cert_label", "pin"}


@dataclass(frozen=True)
class Pkcs11Key:
    """A private key on a PKCS#11 token, selected by labels (slot numbers change)."""

    module: Path
    """The PKCS#11 module (shared library) of the token's vendor."""
    token_label: str
    """Label of the token."""
    key_label: str
    """Label of the private key object."""
    pin: str | None = None
    """User PIN; ``None`` when the token asks out of band."""
    cert_label: str | None = None
    """Label of the certificate object; defaults to ``key_label``."""


@dataclass(frozen=True)
class SignerSpec:
    """Where an official's signing key lives: exactly one of ``pkcs12`` and ``pkcs11``."""

    pkcs12: Path | None = None
    """PKCS#12 file holding key, certificate and chain."""
    passphrase: str | None = None
    """Passphrase of the PKCS#12 file."""
    pkcs11: Pkcs11Key | None = None
    """Key on a PKCS#11 token; the token should also hold the CA certificates."""

    @classmethod
    def from_config(
        cls, cfg: Mapping[str, Any], *, where: str, base_dir: Path | None = None
    ) -> SignerSpec:
        """Parse ``{"pkcs12": ..., "passphrase": ...}`` or ``{"pkcs11": {...}}``.

        :param cfg: the configuration table.
        :param where: where the table comes from, for error messages.
        :param base_dir: directory relative ``pkcs12`` paths are resolved against.
        :raises SigningError: unknown key, missing key, or both kinds given.
        """
        _reject_unknown(cfg, _TOP_KEYS, where=where)
        has_p12, has_p11 = "pkcs12" in cfg, "pkcs11" in cfg
        if has_p12 == has_p11:
            raise SigningError(
                "a signer needs exactly one of 'pkcs12' and 'pkcs11'", where=where,
                hint='write {"pkcs12": "file.p12", "passphrase": "..."} or '
                     '{"pkcs11": {"module": ..., "token_label": ..., "key_label": ..., "pin": ...}}',
            )
        if has_p12:
            path = Path(_text(cfg, "pkcs12", where=where))
            if not path.is_absolute() and base_dir is not None:
                path = Path(base_dir) / path
            passphrase = cfg.get("passphrase")
            if passphrase is not None and not isinstance(passphrase, str):
                raise SigningError("'passphrase' must be a string", where=f"{where}: passphrase")
            return cls(pkcs12=path, passphrase=passphrase)
        if "passphrase" in cfg:
            raise SigningError("'passphrase' belongs to a pkcs12 signer", where=f"{where}: passphrase",
                               hint="give the token's PIN as pkcs11.pin")
        table = cfg["pkcs11"]
        inner = f"{where}: pkcs11"
        if not isinstance(table, Mapping):
            raise SigningError("'pkcs11' must be a table", where=inner)
        _reject_unknown(table, _PKCS11_KEYS, where=inner)
        pin = table.get("pin")
        cert_label = table.get("cert_label")
        return cls(pkcs11=Pkcs11Key(
            module=Path(_text(table, "module", where=inner)),
            token_label=_text(table, "token_label", where=inner),
            key_label=_text(table, "key_label", where=inner),
            pin=None if pin is None else str(pin),
            cert_label=None if cert_label is None else str(cert_label),
        ))

    def describe(self) -> str:
        """Where the key is, without secrets (for messages)."""
        if self.pkcs12 is not None:
            return f"PKCS#12 file {self.pkcs12}"
        assert self.pkcs11 is not None
        return f"PKCS#11 key {self.pkcs11.key_label!r} on token {self.pkcs11.token_label!r}"


@dataclass(frozen=True)
class LoadedSigner:
    """A signer ready to sign, valid inside its :func:`open_signer` block."""

    spec: SignerSpec
    """Where the key came from."""
    certificate: asn1_x509.Certificate
    """The signer's certificate."""
    chain: tuple[asn1_x509.Certificate, ...]
    """CA certificates shipped with the key (issuer first), embedded in signatures."""
    signer: Signer
    """The pyHanko signer."""

    def reserved_size(self, *, timestamp_certs: int = 0) -> int:
        """Bytes to reserve for the hex-encoded CMS, so no dry-run signature is needed.

        :param timestamp_certs: total DER size of the TSA certificates a
            signature timestamp embeds (0 when not timestamped).
        """
        certs = len(self.certificate.dump()) + sum(len(c.dump()) for c in self.chain)
        estimate = certs + 4096  # signature, signed attributes, ASN.1 overhead
        if timestamp_certs:
            estimate += timestamp_certs + 4096
        return 2 * estimate


class CachedKeySigner(Signer):
    """A pyHanko signer holding an already parsed private key.

    pyHanko's ``SimpleSigner`` re-parses (and re-validates) its key from DER on
    every raw signature; this signer parses it once.
    """

    def __init__(
        self,
        key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
        certificate: asn1_x509.Certificate,
        chain: tuple[asn1_x509.Certificate, ...],
    ):
        self._key = key
        registry = SimpleCertificateStore()
        registry.register_multiple([certificate, *chain])
        super().__init__(signing_cert=certificate, cert_registry=registry, embed_roots=True)

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
        """Sign ``data``; a dry run returns a placeholder of the right length."""
        if dry_run and isinstance(self._key, rsa.RSAPrivateKey):
            return bytes(self._key.key_size // 8)
        hash_algo = get_pyca_cryptography_hash(digest_algorithm)
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        if isinstance(self._key, rsa.RSAPrivateKey):
            if mechanism.signature_algo != "rsassa_pkcs1v15":
                raise SigningError(f"signature mechanism {mechanism.signature_algo} is not supported",
                                   hint="use RSA PKCS#1 v1.5 keys")
            return self._key.sign(data, padding.PKCS1v15(), hash_algo)
        return self._key.sign(data, ec.ECDSA(hash_algo))


@contextlib.contextmanager
def open_signer(spec: SignerSpec) -> Iterator[LoadedSigner]:
    """Load the key of ``spec`` for the duration of a ``with`` block.

    :raises SigningError: missing file, wrong passphrase or PIN, token or key not found.
    """
    if spec.pkcs12 is not None:
        yield _load_pkcs12(spec)
        return
    assert spec.pkcs11 is not None
    with _open_pkcs11(spec) as loaded:
        yield loaded


def _load_pkcs12(spec: SignerSpec) -> LoadedSigner:
    path = spec.pkcs12
    assert path is not None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SigningError(f"cannot read the PKCS#12 file: {exc.strerror}", where=str(path),
                           hint="check the signer path in the roster") from None
    password = spec.passphrase.encode("utf-8") if spec.passphrase is not None else None
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password)
    except ValueError:
        raise SecretRejected("cannot open the PKCS#12 file: wrong passphrase or not a PKCS#12 file",
                           where=str(path), hint="check the passphrase") from None
    if key is None or cert is None:
        raise SigningError("the PKCS#12 file holds no private key with its certificate", where=str(path))
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise SigningError(f"unsupported key type {type(key).__name__}", where=str(path),
                           hint="use an RSA or EC key")
    certificate = _to_asn1(cert)
    chain = tuple(_to_asn1(c) for c in extra)
    return LoadedSigner(spec=spec, certificate=certificate, chain=chain,
                        signer=CachedKeySigner(key, certificate, chain))


@contextlib.contextmanager
def _open_pkcs11(spec: SignerSpec) -> Iterator[LoadedSigner]:
    from pkcs11.exceptions import PinIncorrect, PinInvalid, PinLenRange
    from pkcs11.exceptions import PKCS11Error as LibPkcs11Error
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.general import SigningError as PyhankoSigningError
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    key = spec.pkcs11
    assert key is not None
    where = spec.describe()
    if not key.module.exists():
        raise SigningError(f"PKCS#11 module {key.module} does not exist", where=where,
                           hint="install the token's driver or fix pkcs11.module")
    try:
        session = open_pkcs11_session(str(key.module), token_criteria=TokenCriteria(label=key.token_label),
                                      user_pin=key.pin)
    except (PinIncorrect, PinInvalid, PinLenRange):
        raise SecretRejected("the PIN does not unlock the PKCS#11 token", where=where,
                             hint="check the token's user PIN") from None
    except (PyhankoSigningError, LibPkcs11Error) as exc:
        raise SigningError(f"cannot open the PKCS#11 token: {_describe_p11(exc)}", where=where,
                           hint="check that the token is present, its label and the PIN") from None
    try:
        signer = PKCS11Signer(session, cert_label=key.cert_label or key.key_label, key_label=key.key_label,
                              other_certs_to_pull=None)
        try:
            certificate = signer.signing_cert
            chain = tuple(c for c in signer.cert_registry if c != certificate)
        except (PyhankoSigningError, LibPkcs11Error) as exc:
            raise SigningError(f"cannot load key or certificate from the token: {_describe_p11(exc)}",
                               where=where, hint="check key_label and cert_label") from None
        yield LoadedSigner(spec=spec, certificate=certificate, chain=chain, signer=signer)
    finally:
        session.close()


def _describe_p11(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def _to_asn1(cert: Any) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _reject_unknown(cfg: Mapping[str, Any], allowed: set[str], *, where: str) -> None:
    unknown = sorted(set(cfg) - allowed)
    if unknown:
        raise SigningError(f"unknown key {unknown[0]!r} in signer configuration", where=where,
                           hint=f"allowed keys: {', '.join(sorted(allowed))}")


def _text(cfg: Mapping[str, Any], key: str, *, where: str) -> str:
    value = cfg.get(key)
    if not isinstance(value, str | Path) or not str(value):
        raise SigningError(f"'{key}' is required and must be a non-empty string", where=f"{where}: {key}")
    return str(value)
