"""Publishing a SOP document: the approving official signs it, and the result is verified."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sopflow.errors import ModelError, RoleError, SigningError
from sopflow.model.profile import SopModel
from sopflow.signing import Appearance, LoadedSigner, SigningContext, sign_pdf, signer_identity, verify_pdf
from sopflow.sopdoc.document import SopDocument

__all__ = ["approver_nip", "sign_sop"]


def approver_nip(model: SopModel) -> str | None:
    """The NIP printed in ``sop.approver`` ("NIP 1953..."), if any."""
    match = re.search(r"NIP\.?\s*:?\s*(\d{18})", model.properties.get("sop.approver", ""))
    return match.group(1) if match else None


def sign_sop(document: SopDocument, signer: LoadedSigner, context: SigningContext, *, model: SopModel) -> bytes:
    """Sign the rendered SOP in its "Disahkan oleh" block and verify the result.

    :raises ModelError: the document has no approval block.
    :raises RoleError: the signer is not the approver named in ``sop.approver``.
    :raises SigningError: the signature does not verify against the context's trust roots.
    """
    sop_number = model.number
    if document.approval_field is None:
        raise ModelError("the SOP document has no 'Disahkan oleh' block to sign", where=sop_number,
                         hint="set sop.approver on the process")
    name, nip = signer_identity(signer.certificate)
    expected = approver_nip(model)
    if expected and nip != expected:
        raise RoleError(
            f"penanda tangan {name} (NIP {nip}) bukan pejabat yang mengesahkan SOP ini (NIP {expected})",
            where=f"{model.source}: sop.approver", hint="sign with the approving official's key",
        )
    jabatan = signer.certificate.subject.native.get("title") or "Pejabat yang mengesahkan"
    signed = sign_pdf(
        document.pdf, signer, field=document.approval_field,
        appearance=Appearance(action="sign", jabatan=jabatan, name=name or "", nip=nip or "",
                              signed_at=datetime.now(UTC)),
        reason=f"Pengesahan SOP {sop_number}", context=context,
    )
    report = verify_pdf(signed, trust_roots=context.trust_roots)
    if not report.ok:
        raise SigningError("the signed SOP does not verify: " + "; ".join(report.all_problems()), where=sop_number,
                           hint="sign with a certificate issued under the given trust root")
    return signed
