"""Milliseconds per PAdES B-B signature: sopflow's signer vs. plain pyHanko, same process.

Usage: ``python bench/bench_sign.py [N]`` (default N = 20). Both sides sign the
same document with the same RSA-2048 key and a visible field; the baseline is
``SimpleSigner.load_pkcs12`` + ``signers.sign_pdf``, loaded once as a user of
pyHanko would.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from reportlab.pdfgen import canvas

from sopflow.documents import FieldBox
from sopflow.officials import Official
from sopflow.signing import (
    Appearance,
    SignerSpec,
    SigningLevel,
    context_for_test_pki,
    create_test_pki,
    open_signer,
    sign_pdf,
)

OFFICIAL = Official("Dedi Rudaedi, S.E.", "198001012005011001", "Kepala Seksi Operasional")
BOX = (72.0, 100.0, 142.0, 140.0)


def _pdf() -> bytes:
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer)
    c.drawString(72, 770, "NOTA DINAS")
    c.showPage()
    c.save()
    return buffer.getvalue()


def _time(fn, n: int) -> float:
    fn()  # warm-up
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) * 1000 / n


def main(n: int = 20) -> None:
    pdf = _pdf()
    with tempfile.TemporaryDirectory() as tmp:
        pki = create_test_pki(Path(tmp), [OFFICIAL])
        p12 = pki.p12_by_nip[OFFICIAL.nip]
        context = context_for_test_pki(pki, SigningLevel.B_B)
        appearance = Appearance("sign", OFFICIAL.jabatan, OFFICIAL.name, OFFICIAL.nip,
                                datetime.now(UTC))
        field = FieldBox("sign_T1", 0, BOX)
        baseline_signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=pki.passphrase.encode())

        def baseline() -> None:
            meta = signers.PdfSignatureMetadata(field_name="sign_T1", subfilter=fields.SigSeedSubFilter.PADES)
            spec = fields.SigFieldSpec(sig_field_name="sign_T1", on_page=0, box=BOX)
            signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=baseline_signer,
                             new_field_spec=spec)

        with open_signer(SignerSpec(pkcs12=p12, passphrase=pki.passphrase)) as loaded:
            def ours() -> None:
                sign_pdf(pdf, loaded, field=field, appearance=appearance, reason="bench", context=context)

            ours_ms = _time(ours, n)
            base_ms = _time(baseline, n)
    print(f"N = {n} signatures each, PAdES B-B, RSA-2048, visible field")
    print(f"sopflow sign_pdf        : {ours_ms:8.2f} ms/signature")
    print(f"pyHanko SimpleSigner    : {base_ms:8.2f} ms/signature")
    print(f"speed-up (baseline/ours): {base_ms / ours_ms:8.2f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
