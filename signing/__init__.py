"""Keys and tokens, PAdES signing, the test PKI and signature verification."""

from sopflow.signing.appearance import ACTIONS, Appearance, stamp_unprintable
from sopflow.signing.pades import (
    SigningContext,
    SigningLevel,
    ValidationData,
    add_archive_timestamp,
    context_for_test_pki,
    load_certificate,
    sign_pdf,
)
from sopflow.signing.pki import (
    TestPki,
    create_test_pki,
    issue_certificate,
    issue_seal_certificate,
    ocsp_responses,
    revoke_certificate,
)
from sopflow.signing.signers import LoadedSigner, Pkcs11Key, SignerSpec, open_signer
from sopflow.signing.tsa import LocalTimeStamper
from sopflow.signing.verify import DocumentReport, SignatureReport, signer_identity, verify_pdf

__all__ = [
    "ACTIONS",
    "Appearance",
    "DocumentReport",
    "LoadedSigner",
    "LocalTimeStamper",
    "Pkcs11Key",
    "SignatureReport",
    "SignerSpec",
    "SigningContext",
    "SigningLevel",
    "TestPki",
    "ValidationData",
    "add_archive_timestamp",
    "context_for_test_pki",
    "create_test_pki",
    "issue_certificate",
    "issue_seal_certificate",
    "load_certificate",
    "ocsp_responses",
    "open_signer",
    "revoke_certificate",
    "sign_pdf",
    "signer_identity",
    "stamp_unprintable",
    "verify_pdf",
]
