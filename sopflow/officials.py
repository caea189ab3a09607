"""Officials: the people who hold roles and sign."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

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
    acting: str | None = None
    """``Plt.`` (pelaksana tugas) or ``Plh.`` (pelaksana harian) when the official
    holds the position temporarily; printed before the jabatan."""

    @property
    def printed_jabatan(self) -> str:
        """The jabatan as a signature block prints it ("Plt. Kepala Kantor ...")."""
        return f"{self.acting} {self.jabatan}" if self.acting else self.jabatan

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, default_jabatan: str = "") -> Official:
        """The inverse of :meth:`to_dict`, tolerant of missing optional keys."""
        return cls(
            name=str(data.get("name", "")), nip=str(data.get("nip", "")),
            jabatan=str(data.get("jabatan") or default_jabatan), pangkat=data.get("pangkat"),
            acting=data.get("acting"),
        )
