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
FILE_NOT_UTF8 = "berkas {what} bukan teks UTF-8 (bita ke-{offset} tidak sah)"
HINT_SAVE_UTF8 = "simpan berkas itu dengan pengodean UTF-8"
JSON_TOO_DEEP = "JSON bersarang lebih dari {limit} tingkat"
JSON_INVALID = "bukan JSON yang sah: {reason} (kolom {column})"
JSON_NOT_OBJECT = "data formulir harus berupa objek JSON {{\"kunci\": nilai, ...}}"
HINT_FORM_TEMPLATE = "buat templat isian dengan `sopflow task show TUGAS --template isian.json`"
WRITE_FAILED = "berkas tidak dapat ditulis: {reason}"
HINT_WRITE = "pilih jalur --out yang dapat ditulis"

# -- form data (read by officials, on the command line and in the web workspace) ----------
FIELD_PROBLEM = "isian {label!r} {problem}"
FIELD_REQUIRED = "wajib diisi"
HINT_FIELD_REQUIRED = "isi nilainya"
FIELD_UNKNOWN = "isian {names} tidak dikenal oleh formulir {form!r}"
HINT_FIELD_UNKNOWN = "isian formulir ini: {fields}"
FIELD_NOT_TEXT = "harus berupa teks, bukan {kind}"
HINT_FIELD_TEXT = "kirim teks (string)"
FIELD_TOO_LONG_ABSOLUTE = "lebih panjang dari {limit} karakter"
FIELD_TOO_LONG = "panjangnya {length} karakter, lebih dari {limit}"
FIELD_TOO_SHORT = "lebih pendek dari {limit} karakter"
HINT_FIELD_SHORTEN = "persingkat isinya"
HINT_FIELD_LONGER = "lengkapi isinya"
FIELD_NOT_BOOLEAN = "harus true atau false, bukan {value!r}"
HINT_FIELD_BOOLEAN = "kirim true atau false"
FIELD_NOT_LIST = "harus berupa daftar pilihan, bukan {kind}"
HINT_FIELD_LIST = 'kirim daftar nilai, mis. ["a", "b"]'
FIELD_NUMBER_NOT_BOOLEAN = "harus berupa angka, bukan true/false"
FIELD_NOT_NUMBER = "harus berupa angka, bukan {value!r}"
FIELD_NOT_FINITE = "harus berupa angka terhingga, bukan {value!r}"
HINT_FIELD_NUMBER = "tulis angka, mis. 12 atau 12.5"
FIELD_NOT_A_CHOICE = "bernilai {value!r} yang bukan salah satu pilihannya"
HINT_FIELD_CHOICE = "pilih salah satu dari {allowed}"
FIELD_NOT_DATE_TEXT = "harus berupa teks tanggal/waktu ISO, bukan {kind}"
FIELD_BAD_DATE = "bernilai {value!r} yang bukan {kind} yang sah"
HINT_FIELD_DATE = "tulis seperti {example}"
DATE_KINDS = {"date": "tanggal", "time": "jam", "datetime": "tanggal dan jam"}
VALIDATION_KINDS = {"email": "alamat email", "phone": "nomor telepon"}
FIELD_PATTERN = "tidak sesuai pola {pattern!r}"
FIELD_VALIDATION_TYPE = "bukan {kind} yang sah"
HINT_FIELD_FORMAT = "perbaiki formatnya"
FIELD_BELOW_MINIMUM = "bernilai {value}, kurang dari batas minimum {limit:g}"
FIELD_ABOVE_MAXIMUM = "bernilai {value}, lebih dari batas maksimum {limit:g}"
HINT_FIELD_LARGER = "masukkan angka yang lebih besar"
HINT_FIELD_SMALLER = "masukkan angka yang lebih kecil"

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
TASK_ALREADY_COMPLETED = "tugas {task} pada kasus {case} sudah selesai"
TASK_COMPLETED_FIRST = ("tugas {task} ({name}) sudah selesai: penyelesaian lain tercatat "
                        "lebih dahulu")
TASK_NOT_READY = "tugas {task} belum siap dikerjakan pejabat (status {state})"
TASK_NOT_FOUND = "tidak ada tugas siap dengan id {task}"
CASE_NOT_RUNNING = "kasus {case} berstatus {status}; tidak ada yang dapat diselesaikan"
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
CASE_MODEL_REJECTED = "model ditolak: `sopflow check` menemukan {errors} galat; kasus tidak dimulai"
HINT_CASE_MODEL_REJECTED = "perbaiki setiap temuan yang tercantum (lihat juga `sopflow check MODEL`), lalu mulai kasus lagi"
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
BLOBS_SWEPT = ("{removed} berkas tanpa rujukan atau sementara dihapus, {kept} disimpan (lebih baru dari "
               "{hours:g} jam), {referenced} berkas dirujuk.")
DOCUMENT_UNKNOWN = "kasus {case} tidak memiliki dokumen {document!r}"
HINT_DOCUMENT_UNKNOWN = "dokumen kasus ini: {documents}"
REVISION_UNKNOWN = "dokumen {document!r} tidak memiliki revisi {revision}"
HINT_REVISION_UNKNOWN = "revisi yang ada: 1 sampai {latest}"
DOCUMENT_WRITTEN = "{path}  ({document} revisi {revision}, {size} bita, sha256 {sha256}...)"

# -- tasks -------------------------------------------------------------------------------
TASK_LIST_LINE = "{id}  {case:20} batas {due}{late}\n    {role}: {name} [{action}{document}]"
TASK_OVERDUE = "  TERLAMBAT"
NO_TASKS = "Tidak ada tugas."
TASK_LIST_MORE = "Ditampilkan {shown} tugas yang paling lama menunggu; masih ada tugas lain (--limit 0 untuk semua)."
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

# -- task data --------------------------------------------------------------------------
TASK_TAKES_NO_DATA = "tugas ini tidak memiliki formulir dan tidak menerima isian; isian yang dikirim: {names}"
HINT_TASK_TAKES_NO_DATA = "selesaikan tugas tanpa isian, atau beri tugas itu formulir (camunda:formKey)"
DOCUMENT_CONTENT_MISSING = ("dokumen {doc_type} tidak dapat ditandatangani tanpa {keys}; "
                            "tidak ada yang ditandatangani")
HINT_DOCUMENT_CONTENT_MISSING = ("isi {keys}; bila formulir tidak memiliki isian itu, tambahkan "
                                 "(`sopflow check` menunjukkan isian yang kurang pada formulir setiap tugas create)")

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

# -- forms and document types ----------------------------------------------------------------
FORM_WRITTEN = "ditulis"
FORM_KEPT = "sudah ada, tidak diubah"
FORM_LINE = "{task}: {path} ({state})"
FORM_KEY_MISSING = '  isi camunda:formKey="{key}" pada tugas {task} di {model}'
FORMS_SUMMARY = "{written} formulir ditulis, {kept} sudah ada"
TYPE_LINE = "{type}  ({title}{code})"
TYPE_CODE = ", kode {code}"
TYPE_KEY_LINE = "  {mark} {key:<16} {label} ({kind}{columns}{default})"
TYPE_KEY_MULTILINE = "teks panjang"
TYPE_KEY_ONE_LINE = "satu baris"
TYPE_KEY_COLUMNS = "; per baris: {columns}"
TYPE_KEY_DEFAULT = "; bawaan: {default}"
TYPE_PRINTS_EVERY_FIELD = "    (mencetak setiap isian formulir)"

# -- web workspace and accounts ----------------------------------------------------------------
SERVE_NEEDS_ROSTER = "berikan --roster ROSTER.toml (atau --demo)"
SERVE_DEMO_DIR_TAKEN = "{reason}; pilih --demo-dir yang lain"
SERVE_DEMO_LOGIN_LINE = "  {nip}  {name:28}  {roles}"
USER_NEEDS_ROSTER = "berikan --roster ROSTER.toml: hanya pejabat dalam roster yang mendapat akun"
USER_PASSWORD_PROMPT = "Kata sandi baru"
USER_PASSWORD_REPEAT = "Ulangi kata sandi"

# -- SOP document ---------------------------------------------------------------------------
SOP_SIGN_NEEDS_TRUST = "--sign memerlukan --trust ROOT_PEM untuk memverifikasi tanda tangan"
SOP_RENDERED = "{path}  ({pages} halaman{signed})"
SOP_RENDERED_SIGNED = ", ditandatangani dan terverifikasi"

# -- typed text, printability and the clock (read by the official completing a task) ----------
TEXT_REFUSED = "isian {label!r} memuat {code_point} pada posisi {position}: {why}"
TEXT_ONE_LINE = "isian satu baris tidak boleh memuat pindah baris atau tab"
HINT_TEXT_ONE_LINE = "tulis dalam satu baris, tanpa tab"
TEXT_CONTROL = "karakter kendali tidak tercetak pada naskah dinas"
HINT_TEXT_CONTROL = "hapus karakter itu; biasanya terbawa saat menyalin dari Word atau PDF"
TEXT_SURROGATE = "bukan karakter Unicode yang utuh (surrogate tunggal)"
HINT_TEXT_SURROGATE = "kirim teks UTF-8 yang sah"
TEXT_UNPRINTABLE = "karakter ini tidak dapat dicetak dengan huruf (font) naskah dinas"
HINT_TEXT_UNPRINTABLE = ("hapus atau ganti karakter itu; aksara yang didukung: Latin dengan semua diakritik, "
                         "Yunani, Sirilik, Ibrani, Arab, dan simbol umum")
DOCUMENT_TEXT_UNPRINTABLE = "teks dokumen memuat {code_point} yang tidak dapat dicetak: {context!r}"
HINT_DOCUMENT_TEXT_UNPRINTABLE = "hapus atau ganti karakter itu pada model, roster atau data asalnya"
CLOCK_BEFORE_LAST_EVENT = ("waktu penyelesaian {now} lebih awal dari peristiwa terakhir kasus ({latest}); "
                           "tugas tidak diselesaikan")
HINT_CLOCK_BEFORE_LAST_EVENT = "periksa jam sistem atau hapus {variable}"
TEST_CLOCK_TIMESTAMPED = ("jam uji ({variable}) tidak dapat dipakai untuk menandatangani pada PAdES {level}: "
                          "cap waktu TSA selalu memakai waktu sebenarnya")
HINT_TEST_CLOCK_TIMESTAMPED = "hapus {variable} untuk menandatangani, atau uji dengan level B-B"
ROSTER_UNPRINTABLE = "{key} {text!r} memuat {code_point} yang tidak dapat dicetak pada naskah atau kotak tanda tangan"
HINT_ROSTER_UNPRINTABLE = ("tulis nama dan jabatan dengan huruf Latin (diakritik Latin-1 seperti é boleh); "
                           "kotak tanda tangan hanya mencetak huruf Latin-1")

# -- web workspace ----------------------------------------------------------------------------
WEB_FORM_EXPIRED = "Formulir kedaluwarsa. Silakan coba lagi."
WEB_LOGIN_LOCKED = "Terlalu banyak percobaan gagal. Tunggu 15 menit lalu coba lagi."
WEB_LOGIN_WRONG = "NIP atau kata sandi salah."
WEB_STALE_TITLE = "Tugas sudah diselesaikan"
WEB_STALE = ("Tugas ini sudah diselesaikan di tempat lain (kasus {case}); tidak ada yang "
             "diubah. Buka Kotak Masuk untuk tugas Anda berikutnya.")
WEB_UNREADABLE_TITLE = "Data tidak terbaca"
WEB_NOT_JSON_TYPE_TITLE = "Format tidak didukung"
WEB_NOT_JSON_TYPE = "Kirim data sebagai JSON."
WEB_NOT_JSON = "Data formulir bukan JSON yang sah."
WEB_NOT_OBJECT = "Data formulir harus berupa objek JSON."
WEB_FIELD_TITLE = "Isian belum benar"
WEB_PREVIEW_FAILED_TITLE = "Tugas tidak dapat dipratinjau"
WEB_SECRET_NEEDED_TITLE = "Frasa sandi diperlukan"
WEB_SECRET_NEEDED = "Masukkan frasa sandi kunci atau PIN token Anda."
WEB_SECRET_LOCKED_TITLE = "Terlalu banyak percobaan"
WEB_SECRET_LOCKED = "Frasa sandi salah terlalu sering. Tunggu 15 menit lalu coba lagi."
WEB_SECRET_WRONG_TITLE = "Frasa sandi salah"
WEB_SECRET_WRONG = "Frasa sandi atau PIN tidak membuka kunci Anda. Tidak ada yang ditandatangani."
WEB_WRONG_OFFICIAL_TITLE = "Bukan pejabat yang ditetapkan"
WEB_COMPLETE_FAILED_TITLE = "Tugas tidak dapat diselesaikan"
WEB_CSRF_TITLE = "Permintaan ditolak"
WEB_CSRF = ("Formulir ini kedaluwarsa atau tidak berasal dari halaman sopflow. Muat ulang "
            "halaman lalu coba lagi.")
WEB_LOGGED_OUT_TITLE = "Belum masuk"
WEB_LOGGED_OUT = "Sesi Anda berakhir. Masuk kembali lalu ulangi."
WEB_NOT_FOUND_TITLE = "Tidak ditemukan"
WEB_NOT_FOUND = "Halaman, kasus atau tugas ini tidak ada atau bukan untuk peran Anda."
WEB_METHOD_TITLE = "Metode tidak diizinkan"
WEB_REFUSED_TITLE = "Ditolak"
WEB_NO_ACCESS = ("Halaman ini hanya untuk pengguna yang diberi akses oleh roster "
                 "(access = [\"arsip\"] atau [\"model\"]).")
WEB_BAD_REQUEST_TITLE = "Permintaan tidak dapat diproses"
WEB_TOO_LARGE = "Permintaan terlalu besar."
WEB_PASSWORD_SHORT = "kata sandi minimal {length} karakter"
WEB_PASSWORD_SET = "Kata sandi NIP {nip} disimpan; sesi lamanya diakhiri."
WEB_NIP_NOT_ROSTERED = "NIP {nip} tidak ada dalam roster"
WEB_HINT_ROSTER_FIRST = "tambahkan orang itu sebagai entri [[official]] atau [[staff]] terlebih dahulu"
WEB_SERVING = "sopflow melayani di http://{host}:{port}/  (hentikan dengan Ctrl+C)"
WEB_DEMO_NEW = "Demo: {folder}  ({cases} kasus baru dimulai)"
WEB_DEMO_REUSED = "Demo: {folder}  (dipakai kembali)"
WEB_DEMO_LOGINS = ("Buka http://{host}:{port}/ dan masuk dengan NIP berikut; kata sandi: "
                   "{password}; frasa sandi kunci untuk menandatangani: {passphrase}")
WEB_FILTER_ALL = "Semua"
WEB_FILTER_OVERDUE = "Terlambat"
WEB_FILTER_TODAY = "Jatuh tempo hari ini"

# -- model editor (web) ---------------------------------------------------------
EDITOR_SAVED = ("Tersimpan sebagai versi {version}. Versi ini berlaku untuk kasus baru; kasus yang sedang "
                "berjalan tetap memakai versinya sendiri.")
EDITOR_UNCHANGED = "Tidak ada perubahan: versi {version} sudah berisi berkas yang sama."
EDITOR_REJECTED = ("Tidak disimpan: pemeriksaan (sopflow check) menemukan {errors} galat (ditandai merah pada diagram). "
                   "Perbaiki setiap temuan, lalu simpan lagi; versi {version} tetap berlaku.")
EDITOR_UNREADABLE = "Tidak disimpan: {detail}"
EDITOR_STALE = ("Tidak disimpan: model ini sudah disimpan orang lain sebagai versi {latest} sejak Anda membuka "
                "versi {opened}. Muat ulang halaman untuk mengubah versi terbaru.")
EDITOR_BAD_REQUEST = "Kirim objek JSON berisi \"bpmn\" (teks XML) dan \"forms\" (objek formulir per formKey)."
EDITOR_BAD_FORM_KEY = "formKey {key!r} tidak sah: gunakan huruf, angka, '_', '.' atau '-'."
EDITOR_SCAFFOLD_FAILED = "Kerangka formulir tidak dapat dibuat: {detail}"
EDITOR_NO_TASK = "Tugas {task!r} tidak ada dalam diagram."

# -- sop import ---------------------------------------------------------------
SOP_IMPORTED = "{model}: draf {lanes} lajur, {tasks} tugas, {forms} formulir ditulis"
SOP_IMPORT_REVIEW = "Dugaan yang perlu ditinjau analis ({count}; langkah | frasa | dugaan | keyakinan):"
SOP_IMPORT_LINE = "  langkah {step:>3} | {phrase} | {inferred} | {confidence}"
SOP_IMPORT_NEXT = "Tinjau draf di Camunda Modeler, lalu jalankan: sopflow check {model}"

# -- verification findings (the archivist's report: CLI text, web page, sealed PDF) -------------------
VERIFY_KIND_LABELS = {
    "not-a-bag": "bukan bag BagIt",
    "bag-fixity": "checksum bag tidak cocok",
    "journal-chain": "rantai hash jurnal putus",
    "journal-head": "kepala jurnal tidak cocok",
    "journal-link": "tanda tangan tidak terikat ke entri jurnalnya",
    "binding-missing": "tanda tangan tanpa ikatan kasus",
    "model-digest": "model atau formulir diganti",
    "roster-digest": "daftar pejabat diubah",
    "seal-missing": "segel unit tidak ada",
    "seal-invalid": "segel unit tidak sah",
    "seal-mismatch": "segel unit tidak cocok dengan kasus",
    "not-complete": "kasus belum selesai",
    "unreadable": "berkas tidak terbaca",
    "document-missing": "dokumen hilang",
    "document-extra": "dokumen tambahan",
    "document-altered": "dokumen diubah",
    "document-swapped": "dokumen dari kasus lain",
    "revision-chain": "rantai revisi putus",
    "signature-count": "jumlah tanda tangan tidak cocok",
    "signature-altered": "isi yang ditandatangani diubah",
    "signature-invalid": "tanda tangan tidak sah",
    "certificate-untrusted": "sertifikat tidak tepercaya",
    "timestamp-untrusted": "cap waktu tidak tepercaya",
    "signature-coverage": "tanda tangan tidak mencakup seluruh berkas",
    "modified-after-signing": "diubah sesudah ditandatangani",
    "wrong-signer": "penanda tangan salah",
    "role-mismatch": "peran tidak sesuai daftar pejabat",
    "time-outside-period": "waktu di luar periode kasus",
    "time-order": "urutan waktu salah",
    "replay": "jejak tidak sesuai model BPMN",
    "archive-timestamp": "cap waktu arsip bermasalah",
    "unsafe-file": "berkas tidak aman",
    "unsafe-name": "nama berkas tidak aman",
    "too-large": "terlalu besar",
    "malformed": "arsip rusak",
    "resource-limit": "batas sumber daya terlampaui",
}
"""What each finding kind (``--json`` ``kind``) means, as the archivist's report names it; a kind
missing here is shown by its code."""

# -- archivists' web pages ----------------------------------------------------
ARSIP_UPLOAD_MISSING = "Pilih berkas zip arsip kasus untuk diunggah."
ARSIP_UPLOAD_TOO_LARGE = "Unggahan lebih besar dari {limit} bita; arsip sebesar ini tidak diperiksa di sini."
ARSIP_UPLOAD_MALFORMED = "Unggahan tidak terbaca sebagai formulir berkas: {reason}."
ARSIP_UPLOAD_BUSY = ("Anda sudah menjalankan {count} pemeriksaan sekaligus. Tunggu salah satunya selesai, "
                     "lalu unggah lagi.")
ARSIP_NOT_ZIP = "Berkas {name} bukan arsip zip yang terbaca ({reason}). Unggah zip hasil `sopflow case export`."
ARSIP_ZIP_ENTRIES = "Arsip zip memuat {count} entri, lebih dari {limit} yang diterima."
ARSIP_ZIP_UNPACKED = ("Arsip zip mengembang menjadi {size} bita, lebih dari {limit} yang diterima "
                      "(bom zip?).")
ARSIP_ZIP_RATIO = "Entri {entry}: dimampatkan {ratio}:1, lebih dari {limit}:1 yang diterima (bom zip?)."
ARSIP_ZIP_ENTRY_LIES = ("Entri {entry}: isinya lebih panjang dari ukuran yang dinyatakan arsip "
                        "({size} bita; bom zip?).")
ARSIP_ZIP_PARENT = "Entri {entry}: nama memuat '..' dan dapat menunjuk ke luar arsip (zip-slip)."
ARSIP_ZIP_ABSOLUTE = "Entri {entry}: nama berupa jalur mutlak; nama entri harus relatif terhadap arsip (zip-slip)."
ARSIP_ZIP_DRIVE = "Entri {entry}: nama memuat huruf drive Windows (zip-slip)."
ARSIP_ZIP_BACKSLASH = "Entri {entry}: nama memuat garis miring terbalik (\\); arsip ini tidak dibuat oleh sopflow."
ARSIP_ZIP_NAME = "Entri {entry}: nama tidak aman ({reason})."
ARSIP_ZIP_NOT_UTF8 = "Entri {entry}: nama bukan teks UTF-8."
ARSIP_ZIP_DUPLICATE = "Entri {entry}: nama ini muncul lebih dari sekali dalam arsip."
ARSIP_ZIP_LINK = "Entri {entry}: tautan simbolik; arsip kasus hanya memuat berkas biasa."
ARSIP_ZIP_SPECIAL = "Entri {entry}: bukan berkas biasa maupun folder; arsip kasus hanya memuat berkas biasa."
ARSIP_ZIP_ENCRYPTED = "Entri {entry}: terenkripsi; arsip kasus tidak boleh dienkripsi."
ARSIP_ZIP_NESTED = "Entri {entry}: arsip di dalam arsip; unggah bag kasus itu sendiri sebagai satu zip."
ARSIP_ZIP_CORRUPT = "Entri {entry}: isi rusak ({reason})."
ARSIP_ZIP_NO_BAG = ("Arsip zip tidak memuat bag kasus (bagit.txt dan data/case.json) di akarnya atau di satu "
                    "folder teratas.")
ARSIP_HINT_EXPORT = "buat arsip dengan `sopflow case export` atau tombol Unduh arsip di halaman Arsip"
ARSIP_VERIFY_STOPPED = "Pemeriksaan berhenti: {reason}"
ARSIP_VERIFY_LOST = "Pemeriksaan tidak selesai (server dimulai ulang atau waktunya habis). Jalankan lagi."
ARSIP_NO_SEAL = "Roster penerapan ini tidak memuat [seal]; laporan PDF tidak dapat disegel unit."
ARSIP_SEAL_FAILED = "Laporan PDF tidak dapat disegel: {reason}"
ARSIP_REPORT_TITLE = "Laporan verifikasi arsip"

# -- model library (read by analysts, on the command line and on the model pages) ---------
LIBRARY_NAME_INVALID = "nama model {name!r} tidak sah"
HINT_LIBRARY_NAME = "gunakan huruf kecil, angka, '-' atau '_' (paling banyak 80 karakter), mis. lip20-0013"
LIBRARY_FORM_NAME_INVALID = "berkas formulir {name!r} bukan <id>.form yang sah"
HINT_LIBRARY_FORM_NAME = "beri nama berkas formulir sesuai camunda:formKey tugasnya: huruf, angka, '_', '.', '-', lalu .form"
LIBRARY_TOO_MANY_FORMS = "terlalu banyak berkas formulir ({count}; paling banyak {limit})"
LIBRARY_FILE_TOO_LARGE = "berkas {name} lebih besar dari {limit} bita"
HINT_LIBRARY_FILE_TOO_LARGE = "model SOP dan formulirnya jauh lebih kecil; periksa berkas yang dipilih"
LIBRARY_REJECTED = ("model {name} ditolak: `sopflow check` menemukan {errors} galat; "
                    "tidak ada versi yang disimpan")
HINT_LIBRARY_REJECTED = "perbaiki setiap temuan yang tercantum pada elemen yang disebut, lalu simpan lagi"
LIBRARY_NO_MODEL = "tidak ada model {name!r} di pustaka model"
HINT_LIBRARY_LIST = "lihat daftar model dengan `sopflow model list`"
LIBRARY_NO_VERSION = "model {name} tidak memiliki versi {version}"
LIBRARY_ALTERED = "berkas {path} model {name} versi {version} tidak sama dengan yang disimpan"
HINT_LIBRARY_ALTERED = "penyimpanan berkas rusak atau diubah; simpan model itu lagi sebagai versi baru"
LIBRARY_BUSY = "nomor versi baru model {name} tidak dapat diambil"
HINT_LIBRARY_BUSY = "ulangi; banyak versi model ini sedang disimpan bersamaan"
LIBRARY_SAVED = "{name} versi {version} disimpan: {number} {title} ({warnings} peringatan)"
LIBRARY_UNCHANGED = "{name} versi {version} sudah berisi berkas yang sama; tidak ada versi baru"
LIBRARY_LINE = "{name:40} v{version:<4} {number:14} {title}"
LIBRARY_EMPTY = "Pustaka model kosong. Tambahkan model dengan: sopflow model add MODEL.bpmn"
