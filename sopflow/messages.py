"""Every message the command line shows a person, in one place.

Messages read by officials and archivists are Indonesian (docs/decisions.md).
Placeholders are ``str.format`` fields. Option names, commands and file
names inside a message are not translated: they are what the user types.
"""

from __future__ import annotations

# -- framing ------------------------------------------------------------------
ERROR_PREFIX = "kesalahan"
HINT_PREFIX = "saran"
ABORTED = "dibatalkan"
INTERNAL_ERROR = "kesalahan internal sopflow: {error}"
HINT_INTERNAL = "jalankan ulang dengan SOPFLOW_DEBUG=1 untuk melihat rinciannya, lalu laporkan kepada pengelola sopflow"
HINT_USAGE = "lihat `{command} --help`"

# -- input files ----------------------------------------------------------------
FILE_UNREADABLE = "berkas {what} tidak dapat dibaca: {reason}"
FILE_TOO_LARGE = "berkas {what} lebih besar dari {limit} bita"
FILE_NOT_UTF8 = "berkas {what} bukan teks UTF-8 (bita ke-{offset} tidak sah)"
HINT_SAVE_UTF8 = "simpan berkas itu dengan pengodean UTF-8"
JSON_TOO_DEEP = "JSON bersarang lebih dari {limit} tingkat"
JSON_INVALID = "bukan JSON yang sah: {reason} (kolom {column})"
JSON_NOT_OBJECT = "data formulir harus berupa objek JSON {{\"kunci\": nilai, ...}}"
HINT_FORM_TEMPLATE = "buat templat isian dengan `sopflow task show TUGAS --template isian.json`"
WRITE_FAILED = "berkas tidak dapat ditulis: {reason}"
HINT_WRITE = "pilih jalur --out yang dapat ditulis"

# -- data directory and database --------------------------------------------------
DATA_DIR_MISSING = "direktori data belum ada"
DATA_DIR_EMPTY = "direktori data belum berisi kasus"
DATA_DIR_NOT_A_DIRECTORY = "jalur direktori data adalah sebuah berkas, bukan direktori"
HINT_DATA_DIR = ("pilih direktori data dengan --data-dir atau SOPFLOW_DATA_DIR, atau mulai kasus pertama "
                 "dengan `sopflow case start SOP --roster roster.toml`")
DATABASE_URL_INVALID = "URL basis data tidak sah: {reason}"
DATABASE_DRIVER_MISSING = "driver basis data untuk {dialect} belum terpasang ({module})"
HINT_POSTGRES_DRIVER = "pasang dengan: pip install 'sopflow[postgresql]'"
DATABASE_FAILED = "basis data gagal: {error}"
DATABASE_UNREACHABLE = "basis data tidak dapat dihubungi: {reason}"
HINT_DATABASE = ("periksa --database-url atau SOPFLOW_DATABASE_URL (contoh: postgresql://pengguna@host/sopflow) "
                 "dan apakah server basis data berjalan")

# -- ids ---------------------------------------------------------------------------
ID_NOT_FOUND = "tidak ada {what} dengan id {prefix!r}"
ID_AMBIGUOUS = "id {prefix!r} cocok dengan lebih dari satu {what}: {candidates}"
HINT_ID_AMBIGUOUS = "ketik lebih banyak karakter dari id"
HINT_LIST_TASKS = "lihat tugas yang siap dengan `sopflow task list`"
HINT_LIST_CASES = "lihat daftar kasus dengan `sopflow case list`"
WHAT_TASK = "tugas"
WHAT_CASE = "kasus"

# -- SOP models ----------------------------------------------------------------------
SOP_UNKNOWN = "{sop!r} bukan berkas model maupun nomor SOP bawaan"
HINT_SOP_UNKNOWN = "berikan jalur berkas .bpmn atau salah satu nomor SOP bawaan: {seeds}"
CHECK_NO_MODELS = "tidak ada model BPMN (*.bpmn) di jalur yang diberikan"
HINT_CHECK_NO_MODELS = "periksa jalurnya: berikan berkas .bpmn atau folder yang berisi berkas .bpmn"
CHECK_FAILED = "{errors} temuan galat dalam model"
CHECK_SUMMARY = "{errors} galat, {warnings} peringatan"
CHECK_WARNING_SUFFIX = " (peringatan)"

# -- cases -----------------------------------------------------------------------------
CASE_STARTED = "Kasus {case} dimulai: {number} {title}"
CASE_DUE = "  batas waktu: {due}"
CASE_READY_TASK = "  siap: {id}  {role}: {name}"
CASE_LIST_LINE = "{id:24} {status:10} tugas selesai {done:3d}  batas {due}  {title}"
NO_CASES = "Belum ada kasus. Mulai dengan: sopflow case start SOP --roster roster.toml"
CASE_HEADER = "Kasus {id}: {number} {title} [{status}]"
CASE_JOURNAL = "Jurnal:"
CASE_JOURNAL_LINE = "  {seq:3d}. {time}  {role}: {task}  ({action} {document} r{revision})"
CASE_JOURNAL_CANCEL_LINE = "  {seq:3d}. {time}  kasus dibatalkan: {reason}"
CASE_CANCELLED = ("Kasus {case} dibatalkan (jurnal #{seq}): {reason}\n"
                  "  Lembar Riwayat disegel sebagai DIBATALKAN, sha256 {sha256}...")
CASE_DOCUMENTS = "Dokumen:"
CASE_DOCUMENT_LINE = "  {document:28} {type:18} {nomor:24} revisi {revision}"
CASE_READY = "Tugas siap:"
CASE_READY_LINE = "  {id}  {role}: {name}"
CASE_EXPORTED = "Arsip kasus {case}: {path}"
BLOBS_SWEPT = ("{removed} berkas tanpa rujukan dihapus, {kept} disimpan (lebih baru dari {hours:g} jam), "
               "{referenced} berkas dirujuk.")
DOCUMENT_UNKNOWN = "kasus {case} tidak memiliki dokumen {document!r}"
HINT_DOCUMENT_UNKNOWN = "dokumen kasus ini: {documents}"
REVISION_UNKNOWN = "dokumen {document!r} tidak memiliki revisi {revision}"
HINT_REVISION_UNKNOWN = "revisi yang ada: 1 sampai {latest}"
DOCUMENT_WRITTEN = "{path}  ({document} revisi {revision}, {size} bita, sha256 {sha256}...)"

# -- tasks -------------------------------------------------------------------------------
TASK_LIST_LINE = "{id}  {case:20} batas {due}{late}\n    {role}: {name} [{action}{document}]"
TASK_OVERDUE = "  TERLAMBAT"
NO_TASKS = "Tidak ada tugas."
TASK_HEADER = "{role}: {name}  (kasus {case}, {action} {document})"
TASK_NO_FIELDS = "  Tugas ini tidak memerlukan isian formulir."
TASK_FIELD = "  {key}  [{type}]{required}  {label}"
TASK_FIELD_REQUIRED = " wajib"
TASK_FIELD_LIMITS = "      batas: {limits}"
TASK_FIELD_DEFAULT = "      bawaan: {default}"
TASK_FIELD_CHOICES = "      pilihan: {choices}"
TASK_TEMPLATE_WRITTEN = "Templat isian ditulis ke {path}; isi nilainya lalu jalankan: sopflow task complete {task} --data {path}"
TASK_PREVIEW_WRITTEN = "{path}  (pratinjau {document} revisi {revision}, {pages} halaman, belum ditandatangani)"
TASK_DONE = "Tugas selesai: {role}: {name}"
TASK_DONE_DOCUMENT = "  dokumen {document} revisi {revision}{nomor} sha256 {sha256}..."
TASK_DONE_NOMOR = " nomor {nomor}"
TASK_CASE_DONE = "  kasus {case} selesai"
SIGNER_TWO_KINDS = "berikan satu penanda tangan saja: --signer BERKAS.p12 atau --pkcs11-module dengan labelnya"
SIGNER_UNKNOWN = "penanda tangan tidak diketahui: tanpa --signer, penanda tangan diambil dari roster"
HINT_SIGNER_UNKNOWN = "berikan --roster roster.toml (atau SOPFLOW_ROSTER), --signer BERKAS.p12, atau --pkcs11-module"
SIGNER_FROM_ROSTER = "Penanda tangan dari roster untuk peran {role}: {official} ({signer})"
PASSPHRASE_PROMPT = "Frasa sandi kunci {signer}"
PIN_PROMPT = "PIN token {token}"
PASSPHRASE_FILE_EMPTY = "berkas frasa sandi kosong"
SECRET_NOT_INTERACTIVE = "{what} dibutuhkan tetapi tidak ada terminal untuk menanyakannya"
HINT_SECRET = "berikan --passphrase-file BERKAS atau atur SOPFLOW_PASSPHRASE (PIN token: SOPFLOW_PIN)"

# -- PKI ---------------------------------------------------------------------------------
PKI_OUT_NOT_EMPTY = "folder tujuan tidak kosong"
HINT_PKI_OUT = "pilih folder --out yang baru atau kosong"
PKI_ROSTER_NO_OFFICIALS = "roster tidak memuat satu pun [[official]]"
PKI_ROSTER_FIELD = "entri pejabat #{index} tidak memiliki '{key}'"
PKI_CREATED = "PKI uji dibuat di {pki}: akar tepercaya {root}, {count} kunci pejabat (frasa sandi di {passphrase_file})"
PKI_ROSTER_WRITTEN = "Roster dengan jalur penanda tangan: {roster}"
PKI_OFFICIAL_LINE = "  {role}: {p12}"
PKI_TEST_ONLY = "Hanya untuk uji coba: kunci CA tersimpan tanpa enkripsi. Gunakan sertifikat PSrE untuk dokumen sungguhan."

# -- signing --------------------------------------------------------------------------------
TSA_UNREACHABLE = "otoritas cap waktu (TSA) tidak dapat dihubungi; tidak ada yang ditandatangani ({reason})"
HINT_TSA = ("periksa tsa_url di [signing] roster dan sambungan jaringannya, atau tanda tangani pada level "
            "\"B-B\" yang tidak memerlukan TSA")

# -- verification and demo ----------------------------------------------------------------
VERIFY_FAILED = "arsip tidak lulus verifikasi"
VERIFY_SELF_TRUST = ("catatan: akar tepercaya diambil dari arsip itu sendiri; berikan --trust ROOT_PEM "
                     "agar hasilnya bermakna")
DEMO_FAILED = "tidak semua kasus demo lulus verifikasi"
DEMO_VERDICT_OK = "LULUS verifikasi"
DEMO_VERDICT_BAD = "GAGAL verifikasi"
DEMO_CASE_LINE = "  tugas: {tasks}   dokumen: {documents}   tanda tangan: {signatures}   -> {verdict}"
DEMO_ARCHIVE_LINE = "  arsip: {archive}"
DEMO_RECHECK = "Periksa ulang arsip dengan: sopflow verify {archive} --trust {root}"
DEMO_NOTHING_RUN = "Tidak ada kasus yang dijalankan."
DEMO_OUT_NOT_EMPTY = "{out} tidak kosong dan bukan keluaran demo sebelumnya; pilih direktori --out yang baru"
DEMO_SOP_UNKNOWN = "tidak ada berkas model atau SOP bawaan {wanted!r}; SOP bawaan: {seeds}"

# -- SOP document ---------------------------------------------------------------------------
SOP_SIGN_NEEDS_TRUST = "--sign memerlukan --trust ROOT_PEM untuk memverifikasi tanda tangan"
SOP_RENDERED = "{path}  ({pages} halaman{signed})"
SOP_RENDERED_SIGNED = ", ditandatangani dan terverifikasi"
