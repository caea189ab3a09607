"""The roster: which official holds each role, how they sign, whom to trust.

A roster is a TOML file::

    [signing]
    trust = ["pki/root.pem"]        # trust roots, relative to this file
    level = "B-B"                   # PAdES level: B-B, B-T, B-LT, B-LTA
    tsa_url = "http://tsa.example/"  # RFC 3161 time-stamping authority (B-T and up)
    # test_pki = "pki"              # or: a test PKI folder (its in-process TSA and offline revocation data)

    [[official]]
    role = "Kepala Seksi Operasional"   # the lane name in the BPMN model
    name = "Rina Marlina, S.E."
    nip = "198001012005012001"
    jabatan = "Kepala Seksi Operasional"
    signer = { pkcs12 = "pki/198001012005012001.p12", passphrase = "rahasia" }
    # or signer = { pkcs11 = { module = "...", token_label = "...", key_label = "...", pin = "..." } }
    # optional: cert_sha256 = "..." pins the certificate; acting = "Plt." or "Plh."
    # optional: access = ["arsip", "model"] opens the archivist's and the analyst's web pages too

    [[staff]]                           # someone who uses the web app but signs no task
    nip = "199002022015022002"
    name = "Maya Sari, S.I.Kom."
    jabatan = "Arsiparis"               # optional
    access = ["arsip"]                  # "arsip": verify and export cases; "model": analysts' model pages

    [seal]                              # the unit's electronic seal (segel elektronik)
    name = "Kantor Layanan Informasi dan Pengaduan"   # the unit: its seal certificate's subject CN
    signer = { pkcs12 = "pki/seal.p12", passphrase = "rahasia" }   # or { pkcs11 = {...} }
    # optional: cert_sha256 = "..." pins the seal certificate
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sopflow import messages
from sopflow.errors import RosterError
from sopflow.files import FileRefused, read_regular_file
from sopflow.officials import Official
from sopflow.runner.binding import certificate_digests
from sopflow.signing import SignerSpec, stamp_unprintable
from sopflow.templates import first_undrawable

__all__ = ["ACCESS", "LEVELS", "RosterEntry", "SealEntry", "StaffEntry", "Roster", "read_roster_toml"]

LEVELS = ("B-B", "B-T", "B-LT", "B-LTA")
"""PAdES baseline levels a roster may ask for."""

ACCESS = {"arsip": "verify and export cases (archivists)", "model": "check, edit and try SOP models (analysts)"}
"""Web access beyond the task workspace a roster may grant, with what each opens."""

_ENTRY_KEYS = {"role", "name", "nip", "jabatan", "pangkat", "acting", "signer", "cert_sha256", "access"}
_STAFF_KEYS = {"nip", "name", "jabatan", "access"}
ACTING = ("Plt.", "Plh.")
"""Prefixes of officials acting in a position (pelaksana tugas / pelaksana harian)."""
_SIGNING_KEYS = {"trust", "level", "tsa_url", "test_pki"}
_SEAL_KEYS = {"name", "signer", "cert_sha256"}


@dataclass(frozen=True)
class RosterEntry:
    """One role's official and signer."""

    role: str
    """Lane name the official holds."""
    official: Official
    """Name, NIP, jabatan as printed."""
    signer: SignerSpec = field(repr=False)
    """How the official signs."""
    cert_sha256: str | None = None
    """Optional certificate pin (hex SHA-256 of the DER)."""
    access: frozenset[str] = frozenset()
    """Web access beyond the task workspace (keys of :data:`ACCESS`)."""


@dataclass(frozen=True)
class StaffEntry:
    """Someone who uses the web app (archivist, analyst) without holding a role of the models."""

    person: Official
    """Name, NIP and (optional) jabatan."""
    access: frozenset[str]
    """Web access granted (keys of :data:`ACCESS`)."""


@dataclass(frozen=True)
class SealEntry:
    """The unit's electronic seal: who it names and where its key is."""

    name: str
    """The unit, as the seal certificate's subject common name and the Lembar Riwayat print it."""
    signer: SignerSpec = field(repr=False)
    """Where the seal key is."""
    cert_sha256: str | None = None
    """Optional certificate pin (hex SHA-256 of the DER)."""

    def public_signer(self) -> dict[str, Any]:
        """Where the seal key is, without passphrase or PIN (what a case keeps)."""
        if self.signer.pkcs12 is not None:
            return {"pkcs12": str(self.signer.pkcs12.resolve())}
        key = self.signer.pkcs11
        assert key is not None
        return {"pkcs11": {"module": str(key.module), "token_label": key.token_label, "key_label": key.key_label,
                           **({"cert_label": key.cert_label} if key.cert_label else {})}}


@dataclass(frozen=True)
class Roster:
    """A validated roster file."""

    source: Path
    """The roster file."""
    entries: Mapping[str, RosterEntry]
    """Entries by role."""
    trust_roots: tuple[Path, ...]
    """Trust root certificates (PEM or DER)."""
    level: str
    """PAdES level to sign at."""
    tsa_url: str | None = None
    """URL of the RFC 3161 time-stamping authority."""
    test_pki: Path | None = None
    """A test PKI folder providing TSA and revocation data (demo and tests)."""
    seal: SealEntry | None = None
    """The unit's electronic seal, which seals every case's Lembar Riwayat."""
    staff: Mapping[str, StaffEntry] = field(default_factory=lambda: MappingProxyType({}))
    """Web users who hold no role, by NIP (never part of a case)."""

    @classmethod
    def load(cls, path: Path) -> Roster:
        """Read and validate a roster file.

        :raises RosterError: unreadable TOML, unknown keys, missing fields, two
            officials for one role; the message names the entry and key.
        """
        return cls.from_dict(read_roster_toml(path), source=path)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any], *, source: Path) -> Roster:
        """Validate an already parsed roster (see :meth:`load`)."""
        unknown = set(raw) - {"signing", "official", "seal", "staff"}
        if unknown:
            raise RosterError(
                f"unknown top-level key(s): {', '.join(sorted(unknown))}",
                where=str(source),
                hint="a roster has a [signing] table, [[official]] entries, a [seal] table and [[staff]] entries",
            )
        signing = raw.get("signing", {})
        _reject_unknown(signing, _SIGNING_KEYS, where=f"{source}: [signing]")
        level = str(signing.get("level", "B-B"))
        if level not in LEVELS:
            raise RosterError(
                f"unknown PAdES level {level!r}", where=f"{source}: [signing] level",
                hint=f"use one of {', '.join(LEVELS)}",
            )
        trust = signing.get("trust", [])
        if isinstance(trust, str):
            trust = [trust]
        roots = tuple(_resolve(source, str(t)) for t in trust)
        for root in roots:
            if not root.is_file():
                raise RosterError(f"trust root {root} does not exist", where=f"{source}: [signing] trust")
        entries: dict[str, RosterEntry] = {}
        for index, item in enumerate(raw.get("official", []), start=1):
            where = f"{source}: official #{index}"
            _reject_unknown(item, _ENTRY_KEYS, where=where)
            for key in ("role", "name", "nip", "jabatan", "signer"):
                if not item.get(key):
                    raise RosterError(f"missing '{key}'", where=where)
            role = str(item["role"]).strip()
            if role in entries:
                raise RosterError(
                    f"role {role!r} is given twice", where=where,
                    hint="one official per role; remove the duplicate entry",
                )
            acting = str(item["acting"]).strip() if item.get("acting") else None
            if acting is not None and acting not in ACTING:
                raise RosterError(f"acting must be one of {', '.join(ACTING)}, not {acting!r}",
                                  where=f"{where} ({role})")
            nip = _nip(item, where=f"{where} ({role})")
            official = Official(
                name=str(item["name"]).strip(), nip=nip,
                jabatan=str(item["jabatan"]).strip(),
                pangkat=(str(item["pangkat"]).strip() if item.get("pangkat") else None),
                acting=acting,
            )
            _check_printable(official, where=f"{where} ({role})")
            entries[role] = RosterEntry(
                role=role,
                official=official,
                signer=SignerSpec.from_config(dict(item["signer"]), where=f"{where} ({role})", base_dir=source.parent),
                cert_sha256=(str(item["cert_sha256"]).lower() if item.get("cert_sha256") else None),
                access=_access(item, where=f"{where} ({role})"),
            )
        if not roots:
            raise RosterError("no trust root given", where=f"{source}: [signing]",
                              hint='add trust = ["root.pem"] naming the CA that issued the officials\' certificates')
        test_pki = _resolve(source, str(signing["test_pki"])) if signing.get("test_pki") else None
        tsa_url = str(signing["tsa_url"]) if signing.get("tsa_url") else None
        if level != "B-B" and not (tsa_url or test_pki):
            raise RosterError(f"PAdES {level} needs a time-stamping authority", where=f"{source}: [signing]",
                              hint='add tsa_url = "https://..." or sign at level "B-B"')
        return cls(source=source, entries=MappingProxyType(entries), trust_roots=roots, level=level,
                   tsa_url=tsa_url, test_pki=test_pki, seal=_seal(raw.get("seal"), source),
                   staff=_staff(raw.get("staff", []), source, entries))

    def require_roles(self, roles: Iterable[str], *, model: str) -> None:
        """Fail now, not mid-case, when a role of the model has no official.

        :raises RosterError: naming every missing role.
        """
        missing = [r for r in roles if r not in self.entries]
        if missing:
            raise RosterError(
                "no official for role(s): " + "; ".join(repr(r) for r in missing),
                where=str(self.source),
                hint=f"add an [[official]] entry with role = \"...\" for each lane of {model}",
            )

    def require_seal(self) -> None:
        """Fail now, not when the case ends, when no unit seal is configured.

        :raises RosterError: the roster has no ``[seal]`` table.
        """
        if self.seal is None:
            raise RosterError("the roster configures no unit seal: a case could not be closed",
                              where=f"{self.source}: [seal]",
                              hint='add [seal] with name = "<unit>" and signer = { pkcs12 = ..., passphrase = ... }')

    def person(self, nip: str) -> Official | None:
        """The official or staff member with this NIP (who may log in to the web app)."""
        for entry in self.entries.values():
            if entry.official.nip == nip:
                return entry.official
        staff = self.staff.get(nip)
        return staff.person if staff else None

    def access_of(self, nip: str) -> frozenset[str]:
        """Web access (keys of :data:`ACCESS`) this NIP is granted by any of its entries."""
        granted: set[str] = set(self.staff[nip].access) if nip in self.staff else set()
        for entry in self.entries.values():
            if entry.official.nip == nip:
                granted |= entry.access
        return frozenset(granted)

    def for_role(self, role: str) -> RosterEntry:
        """The entry holding a role."""
        try:
            return self.entries[role]
        except KeyError:
            raise RosterError(f"no official for role {role!r}", where=str(self.source)) from None

    def public_dict(self) -> dict[str, Any]:
        """What a case keeps of the roster: officials per role and the signing set-up, no secrets."""
        return {
            "signing": {
                "level": self.level,
                "trust": [str(p.resolve()) for p in self.trust_roots],
                "trust_sha256": certificate_digests(p.read_bytes() for p in self.trust_roots),
                "tsa_url": self.tsa_url,
                "test_pki": str(self.test_pki.resolve()) if self.test_pki else None,
            },
            "officials": {
                role: {**e.official.to_dict(), "cert_sha256": e.cert_sha256} for role, e in self.entries.items()
            },
            "seal": {"name": self.seal.name, "cert_sha256": self.seal.cert_sha256} if self.seal else None,
            "seal_signer": {**self.seal.public_signer(), "roster": str(self.source.resolve())} if self.seal else None,
        }


def _check_printable(official: Official, *, where: str) -> None:
    """Refuse a name or jabatan that documents or the signature block could not print as written."""
    for key, text in (("name", official.name), ("jabatan", official.jabatan), ("pangkat", official.pangkat or "")):
        bad = first_undrawable(text)
        if bad is None and key != "pangkat":
            bad = stamp_unprintable(text)
        if bad is not None:
            raise RosterError(messages.ROSTER_UNPRINTABLE.format(key=key, code_point=f"U+{ord(text[bad]):04X}",
                                                                 text=text),
                              where=f"{where} {key}", hint=messages.HINT_ROSTER_UNPRINTABLE)


MAX_ROSTER_BYTES = 4 * 1024 * 1024
"""Largest roster file read."""


def read_roster_toml(path: Path) -> dict[str, Any]:
    """A roster file's TOML, unvalidated.

    :raises RosterError: unreadable, not UTF-8 (with the line), or not TOML.
    """
    try:
        data = read_regular_file(path, limit=MAX_ROSTER_BYTES)
    except FileRefused as exc:
        raise RosterError(f"cannot read roster: {exc.detail}", where=str(path)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RosterError(messages.FILE_NOT_UTF8.format(what="roster", offset=exc.start), where=f"{path}:{line}",
                          hint=messages.HINT_SAVE_UTF8) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RosterError(f"not valid TOML: {exc}", where=str(path)) from None


def _nip(item: Mapping[str, Any], *, where: str) -> str:
    nip = str(item["nip"]).strip()
    if not (nip.isdigit() and len(nip) == 18):
        raise RosterError(f"NIP {nip!r} is not 18 digits", where=where)
    return nip


def _access(item: Mapping[str, Any], *, where: str) -> frozenset[str]:
    raw = item.get("access", [])
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(a, str) for a in raw):
        raise RosterError("'access' must be a list of names", where=f"{where} access",
                          hint=f"e.g. access = [\"arsip\"]; known: {', '.join(ACCESS)}")
    unknown = sorted(set(raw) - set(ACCESS))
    if unknown:
        raise RosterError(f"unknown access {', '.join(map(repr, unknown))}", where=f"{where} access",
                          hint="; ".join(f"{name}: {what}" for name, what in ACCESS.items()))
    return frozenset(raw)


def _staff(items: Any, source: Path, entries: Mapping[str, RosterEntry]) -> Mapping[str, StaffEntry]:
    if not isinstance(items, list):
        raise RosterError("'staff' must be a list of [[staff]] tables", where=f"{source}: staff")
    staff: dict[str, StaffEntry] = {}
    official_nips = {e.official.nip for e in entries.values()}
    for index, item in enumerate(items, start=1):
        where = f"{source}: staff #{index}"
        if not isinstance(item, Mapping):
            raise RosterError("each [[staff]] entry must be a table", where=where)
        _reject_unknown(item, _STAFF_KEYS, where=where)
        for key in ("nip", "name", "access"):
            if not item.get(key):
                raise RosterError(f"missing '{key}'", where=where,
                                  hint='a staff entry names nip, name and access = ["arsip"] and/or ["model"]')
        nip = _nip(item, where=where)
        if nip in staff or nip in official_nips:
            raise RosterError(f"NIP {nip} is given twice", where=where,
                              hint="give an official web access with access = [...] in their [[official]] entry")
        person = Official(name=str(item["name"]).strip(), nip=nip, jabatan=str(item.get("jabatan", "")).strip())
        staff[nip] = StaffEntry(person=person, access=_access(item, where=where))
    return MappingProxyType(staff)


def _seal(table: Any, source: Path) -> SealEntry | None:
    if table is None:
        return None
    where = f"{source}: [seal]"
    if not isinstance(table, Mapping):
        raise RosterError("[seal] must be a table", where=where)
    _reject_unknown(table, _SEAL_KEYS, where=where)
    for key in ("name", "signer"):
        if not table.get(key):
            raise RosterError(f"missing '{key}'", where=where,
                              hint="name the unit and the seal key: name = \"...\", signer = { pkcs12 = ... }")
    if not isinstance(table["signer"], Mapping):
        raise RosterError("'signer' must be a table", where=f"{where} signer")
    return SealEntry(name=str(table["name"]).strip(),
                     signer=SignerSpec.from_config(dict(table["signer"]), where=where, base_dir=source.parent),
                     cert_sha256=str(table["cert_sha256"]).lower() if table.get("cert_sha256") else None)


def _reject_unknown(table: Mapping[str, Any], allowed: set[str], *, where: str) -> None:
    unknown = set(table) - allowed
    if unknown:
        raise RosterError(
            f"unknown key(s): {', '.join(sorted(unknown))}", where=where,
            hint=f"allowed keys: {', '.join(sorted(allowed))}",
        )


def _resolve(source: Path, value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else (source.parent / path)
