"""Signing fixtures: one test PKI per session, a reportlab PDF, signers per official."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from sopflow.documents import FieldBox
from sopflow.officials import Official
from sopflow.signing import (
    Appearance,
    LoadedSigner,
    SignerSpec,
    TestPki,
    create_test_pki,
    open_signer,
)
from sopflow.signing.softhsm import SoftHsmToken, make_softhsm_token, softhsm_available

OFFICIALS = (
    Official("Dedi Rudaedi, S.E.", "198001012005011001", "Pelaksana Seksi Operasional"),
    Official("Dra. Sri Wahyuni, M.Si.", "197502022000032002", "Kepala Seksi Operasional"),
    Official("Budi Santoso, S.E., M.M.", "196903031995031003", "Kepala Kantor"),
)
PASSPHRASE = "rahasia"


@pytest.fixture(scope="session")
def officials() -> tuple[Official, ...]:
    return OFFICIALS


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return create_test_pki(tmp_path_factory.mktemp("pki"), OFFICIALS, passphrase=PASSPHRASE)


@pytest.fixture(scope="session")
def pdf() -> bytes:
    """A two-page nota dinas-like PDF."""
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    c.setTitle("Nota Dinas")
    c.drawString(72, 770, "KEMENTERIAN KEUANGAN REPUBLIK INDONESIA")
    c.drawString(72, 740, "NOTA DINAS Nomor ND-1/PJ.09/2026")
    c.showPage()
    c.drawString(72, 770, "Demikian disampaikan.")
    c.showPage()
    c.save()
    return buffer.getvalue()


@pytest.fixture(scope="session")
def passphrase() -> str:
    return PASSPHRASE


def spec_for(pki: TestPki, nip: str) -> SignerSpec:
    return SignerSpec.from_config({"pkcs12": str(pki.p12_by_nip[nip]), "passphrase": PASSPHRASE}, where="test")


@pytest.fixture(scope="session")
def signers(pki: TestPki) -> Iterator[dict[str, LoadedSigner]]:
    """A loaded signer per official, by NIP."""
    loaded = {}
    for official in OFFICIALS:
        with open_signer(spec_for(pki, official.nip)) as signer:
            loaded[official.nip] = signer
    yield loaded


def appearance(official: Official, action: str = "sign") -> Appearance:
    return Appearance(action=action, jabatan=official.jabatan, name=official.name, nip=official.nip,
                      signed_at=datetime(2026, 11, 23, 9, 30, tzinfo=UTC))


def box(name: str, slot: int = 0) -> FieldBox:
    """A 70 x 40 pt box on the last page, slots side by side."""
    x = 72 + slot * 90
    return FieldBox(name=name, page=1, box=(x, 100, x + 70, 140))


@pytest.fixture(scope="session")
def make_appearance():
    """``make_appearance(official, action)``: a visible block at a fixed time."""
    return appearance


@pytest.fixture(scope="session")
def make_box():
    """``make_box(name, slot)``: a 70 x 40 pt field on the last page."""
    return box


@pytest.fixture(scope="session")
def softhsm_token(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> SoftHsmToken:
    """A SoftHSM token holding the first official's key, certificate and CA chain."""
    if not shutil.which("softhsm2-util") or not softhsm_available():
        pytest.skip("softhsm2-util, pkcs11-tool or the SoftHSM module is not installed")
    return make_softhsm_token(tmp_path_factory.mktemp("softhsm"), pki.p12_by_nip[OFFICIALS[0].nip], PASSPHRASE)
