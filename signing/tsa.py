"""An in-process RFC 3161 time-stamping authority for the test PKI and the demo."""

from __future__ import annotations

from datetime import datetime

from asn1crypto import cms, core, x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from pyhanko.sign.general import as_signing_certificate, simple_cms_attribute
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

__all__ = ["LocalTimeStamper"]


class LocalTimeStamper(DummyTimeStamper):
    """A time-stamping authority that answers in process with a key parsed once.

    pyHanko's ``DummyTimeStamper`` re-parses its key on every timestamp; this
    one keeps the parsed ``cryptography`` key.

    :param tsa_cert: the TSA certificate (extendedKeyUsage timeStamping).
    :param tsa_key: its private key.
    :param chain: CA certificates embedded in every token.
    """

    def __init__(self, tsa_cert: x509.Certificate, tsa_key: RSAPrivateKey,
                 chain: tuple[x509.Certificate, ...] = ()):
        super().__init__(tsa_cert=tsa_cert, tsa_key=None, certs_to_embed=list(chain))  # type: ignore[arg-type]
        self._key = tsa_key
        self.chain = chain

    @property
    def embedded_size(self) -> int:
        """DER size of the certificates each token embeds."""
        return len(self.tsa_cert.dump()) + sum(len(c.dump()) for c in self.chain)

    def _sign_tst_info(
        self, tst_info_data: bytes, md_algorithm: str, dt: datetime
    ) -> tuple[bytes, cms.CMSAttributes]:
        digest = hashes.Hash(get_pyca_cryptography_hash(md_algorithm))
        digest.update(tst_info_data)
        signed_attrs = cms.CMSAttributes([
            simple_cms_attribute("content_type", "tst_info"),
            simple_cms_attribute("signing_time", cms.Time({"utc_time": core.UTCTime(dt)})),
            simple_cms_attribute("signing_certificate", as_signing_certificate(self.tsa_cert)),
            simple_cms_attribute("message_digest", digest.finalize()),
        ])
        signature = self._key.sign(signed_attrs.dump(), PKCS1v15(), get_pyca_cryptography_hash(md_algorithm))
        return signature, signed_attrs
