"""Officials: the people who hold roles and sign."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Official"]


@dataclass(frozen=True)
class Official:
    """A civil servant as printed in a signature block."""

    name: str
    """Full name with academic titles, as printed ("Dedi Rudaedi, S.E.")."""
    nip: str
    """Nomor Induk Pegawai, 18 digits."""
    jabatan: str
    """Position as printed ("Kepala Seksi Operasional")."""
    pangkat: str | None = None
    """Rank and grade ("Penata (III/c)"), where a document lists it."""
