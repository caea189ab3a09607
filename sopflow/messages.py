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

# -- sopflow check findings (read by analysts; the rule ids stay English for scripts) --------
CHECK_NO_SUCH_FILE = "berkas tidak ada; berikan berkas .bpmn atau folder yang berisi berkas .bpmn"
CHECK_XSD = "bukan BPMN 2.0 yang sah: {detail}; perbaiki XML-nya atau simpan ulang dari modeller BPMN"
CHECK_SPIFF = "SpiffWorkflow tidak dapat membaca model: {detail}; perbaiki elemen itu atau simpan ulang modelnya"
CHECK_PROCESS_PROPERTY_MISSING = ("properti proses {name} tidak ada; tambahkan pada Extension properties proses "
                                  "(camunda:properties)")
CHECK_DEADLINE = "sop.deadlineWorkdays bernilai {value!r}; tulis bilangan bulat positif: jumlah hari kerja"
CHECK_NOT_EXECUTABLE = 'proses tidak dapat dijalankan; setel isExecutable="true" ("Executable" di modeller)'
CHECK_RESERVED_ID = ("id elemen {id!r} sama dengan tugas internal SpiffWorkflow; ganti id-nya, mis. Ev_{id}")
CHECK_SCRIPT_TASK = ("tugas skrip (script task) tidak diperbolehkan: model tidak boleh menjalankan kode; jadikan "
                     "tugas pengguna (user task) atau nyatakan keputusannya sebagai kondisi gerbang")
CHECK_UNSUPPORTED = "{kind} tidak didukung sopflow; modelkan langkah ini sebagai tugas pengguna (user task)"
CHECK_RUNS_CODE = "{name} menjalankan kode dan tidak diperbolehkan; hapus"
CHECK_TIMER = ('pewaktu {name} {text!r} berupa ekspresi; tulis literal ISO 8601 bertanda kutip seperti "P2D" atau '
               '"2026-12-31T09:00:00+07:00"')
CHECK_MULTI_INSTANCE = ("{name} multi-instance adalah ekspresi yang tidak dievaluasi sopflow; modelkan pengulangan "
                        "dengan gerbang yang kembali (loop)")
CHECK_IO_MAPPING = ("parameter camunda:inputOutput dievaluasi sebagai ekspresi atau skrip; hapus: data tugas berasal "
                    "dari formulir tugas")
CHECK_CODE_ATTRIBUTE = ("camunda:{attribute} pada {tag} menunjuk kode atau ekspresi untuk dijalankan; hapus (sopflow "
                        "hanya menjalankan tugas pengguna dan kondisi gerbang)")
CHECK_LANE_MISSING = "tugas tidak berada di lajur (lane) mana pun; letakkan di lajur jabatan yang melaksanakannya"
CHECK_LANE_MULTIPLE = "tugas tercantum di beberapa lajur ({lanes}); pertahankan di tepat satu lajur"
CHECK_TASK_PROPERTY_UNKNOWN = "properti tugas {name!r} tidak dikenal; profil mengenal {known}"
CHECK_DURATION = "durationWorkdays bernilai {value!r}; tulis jumlah hari kerja yang positif, mis. 2 atau 0.5"
CHECK_ACTION = "action {action!r} bukan salah satu dari {actions}; perbaiki properti 'action' tugas ini"
CHECK_DOCUMENT_MISSING = "action {action!r} memerlukan properti 'document' yang menamai dokumen kasus yang dikenainya"
CHECK_DOCUMENT_ID = "id dokumen {document!r} harus huruf kecil dengan garis bawah, mis. nota_dinas"
CHECK_TEMPLATE_MISSING = "action 'create' memerlukan properti 'template': salah satu dari {known}"
CHECK_TEMPLATE_UNKNOWN = "template {template!r} bukan jenis dokumen yang dikenal; pakai salah satu dari {known}"
CHECK_FORM_INVALID = "formulir {where}: {problem}"
CHECK_FORM_DEFAULT = ("formulir {path}: nilai bawaan (defaultValue) isian {key!r} tidak lolos isiannya sendiri: "
                      "{problem}; perbaiki defaultValue atau validasi isian itu")
CHECK_FORM_KEYS_MISSING = ("formulir {form!r} tidak memiliki isian untuk {keys}, yang diwajibkan jenis dokumen "
                           "{template!r}; tambahkan isian dengan kunci tersebut, atau dokumen tidak dapat "
                           "ditandatangani")
CHECK_FORM_KEYS_NO_FORM = ("tugas tidak memiliki formulir, sehingga tidak ada isian untuk {keys}, yang diwajibkan "
                           "jenis dokumen {template!r}; tambahkan formulir (camunda:formKey) dengan isian berkunci "
                           "tersebut, atau dokumen tidak dapat ditandatangani")
CHECK_FORM_KEYS_OPTIONAL = ("isian formulir {keys} opsional, padahal jenis dokumen {template!r} mewajibkannya; "
                            "tandai wajib (required) agar pejabat mengisinya sebelum menandatangani")
CHECK_FORM_KEYS_UNREAD = ("isian formulir {keys} tidak dicetak di mana pun pada dokumen {template!r} (hanya jurnal "
                          "yang menyimpannya); hapus dari formulir")
CHECK_DOCUMENT_UNCREATED = ("dokumen {document!r} tidak pernah dibuat; tambahkan tugas 'create' untuknya sebelum "
                            "tugas ini, atau perbaiki id dokumennya")
CHECK_DOCUMENT_UNSIGNED = ("dokumen {document!r} yang dibuat di sini dapat mencapai peristiwa selesai tanpa tugas "
                           "'sign' atasnya; tambahkan tugas sign pada setiap jalur menuju selesai")
CHECK_FLOW_SPLIT = ("{count} alur keluar dari {kind} ini; SpiffWorkflow memerlukan gerbang untuk bercabang: tambahkan "
                    "gerbang eksklusif atau paralel sesudahnya")
CHECK_CONDITION_OFF_GATEWAY = ("alur bersyarat keluar dari elemen yang bukan gerbang; letakkan kondisinya pada "
                               "gerbang eksklusif")
CHECK_DEFAULT_ELSEWHERE = "alur bawaan {flow!r} tidak keluar dari gerbang ini; pilih salah satu alur keluarnya"
CHECK_FLOW_UNCONDITIONED = ("alur {flow} keluar dari gerbang eksklusif {gateway} tanpa kondisi dan bukan alur "
                            "bawaannya; tambahkan kondisi atau tandai sebagai alur bawaan (default)")
CHECK_NO_DEFAULT = ("gerbang eksklusif tidak memiliki alur bawaan: bila tidak ada kondisi yang terpenuhi, kasus "
                    "berhenti; tandai satu alur keluar sebagai bawaan (default)")
CHECK_NO_START = "proses tidak memiliki peristiwa mulai (start event); tambahkan satu"
CHECK_UNREACHABLE = ("tidak ada peristiwa mulai yang mengarah ke sini; hubungkan dengan alur (sequence flow) atau "
                     "hapus elemen ini")
CHECK_DEAD_END = ("tidak ada alur yang keluar dari elemen ini, sehingga kasus akan berhenti di sini; hubungkan ke "
                  "peristiwa selesai (end event)")
CHECK_ENDLESS_LOOP = ("elemen ini terjebak dalam pengulangan yang tidak pernah mencapai peristiwa selesai; tambahkan "
                      "jalan keluar (mis. alur bawaan) menuju peristiwa selesai")

# -- model, form and other files refused (read by analysts) ---------------------------------
FILE_MISSING = "berkas tidak ada"
FILE_LINK = "tautan simbolik atau bukan folder; tautan tidak pernah diikuti"
FILE_UNREADABLE_OS = "tidak dapat dibaca ({reason})"
FILE_NOT_REGULAR = "{kind}, bukan berkas biasa; tidak dibaca"
FILE_CHANGED = "berkas berubah ketika dibuka; tidak dibaca"
FILE_TOO_LARGE = "{size} bita, lebih dari {limit} yang diizinkan"
FILE_TOO_LARGE_STREAM = "lebih dari {limit} bita yang diizinkan"
FILE_KIND_LINK = "tautan simbolik"
FILE_KIND_FOLDER = "folder"
FILE_KIND_FIFO = "FIFO (pipa bernama)"
FILE_KIND_DEVICE = "berkas perangkat"
FILE_KIND_SOCKET = "soket"
FILE_KIND_SPECIAL = "berkas khusus"
MODEL_FILE_TOO_LARGE = "berkas model {detail}"
HINT_MODEL_FILE_TOO_LARGE = "model SOP biasanya jauh di bawah 1 MB; periksa apakah ini berkas yang benar"
MODEL_FILE_UNREADABLE = "berkas model tidak dapat dibaca: {detail}"
MODEL_ENCODING_UNKNOWN = "pengodean {name!r} tidak dikenal"
MODEL_ENCODING_MISMATCH = "pengodean yang dinyatakan, {name!r}, tidak cocok dengan bita berkasnya"
MODEL_ENCODING_INVALID = "berkas bukan {encoding} yang sah (bita ke-{offset})"
HINT_MODEL_SAVE_UTF8 = "simpan model dengan pengodean UTF-8 (modeller BPMN melakukannya)"
MODEL_DOCTYPE = "deklarasi DOCTYPE atau ENTITY tidak diperbolehkan dalam model"
HINT_MODEL_DOCTYPE = "hapus blok <!DOCTYPE ...>; berkas BPMN tidak pernah memerlukannya"
MODEL_TOO_LARGE = "model berukuran {size} bita, lebih dari {limit} yang diizinkan"
MODEL_XML_SYNTAX = "XML tidak tersusun dengan benar: {detail}"
HINT_MODEL_XML_SYNTAX = "buka berkas di modeller BPMN atau penyunting XML dan perbaiki sintaksnya"
MODEL_NO_PROCESS = "tidak ada elemen bpmn:process"
HINT_MODEL_NO_PROCESS = "model SOP adalah berkas definitions BPMN 2.0 dengan satu proses yang dapat dijalankan"
MODEL_ROOT = "elemen akar adalah <{tag}>, bukan bpmn:definitions"
HINT_MODEL_ROOT = "simpan model sebagai XML BPMN 2.0"
MODEL_TIME_ZONE = "zona waktu {zone!r} bukan zona waktu Indonesia"
HINT_MODEL_TIME_ZONE = "pakai salah satu dari {zones} (WIB, WITA, WIT)"
FORM_FILE_TOO_LARGE = "berkas formulir {detail}"
HINT_FORM_FILE_TOO_LARGE = "formulir biasanya beberapa kilobita; periksa apakah ini berkas yang benar"
FORM_FILE_UNREADABLE = "berkas formulir tidak dapat dibaca: {detail}"
FORM_TOO_LARGE = "formulir berukuran {size} bita, lebih dari {limit} yang diizinkan"
FORM_NOT_UTF8 = "berkas formulir bukan teks UTF-8"
HINT_FORM_UTF8 = "simpan dengan pengodean UTF-8 (Camunda Modeler melakukannya)"
FORM_NOT_JSON = "berkas formulir bukan JSON yang sah: {detail}"
HINT_FORM_JSON = "buka di Camunda Modeler atau penyunting JSON dan perbaiki sintaksnya"
FORM_TOO_DEEP = "JSON formulir bersarang terlalu dalam"
FORM_NO_COMPONENTS = 'JSON formulir tidak memiliki daftar "components"'
HINT_FORM_COMPONENTS = 'formulir Camunda adalah objek dengan larik "components"'
FORM_DUPLICATE_KEY = "dua isian memakai kunci {key!r}"
HINT_FORM_DUPLICATE_KEY = "beri setiap isian masukan kuncinya sendiri"
FORM_COMPONENT_NOT_OBJECT = "komponen formulir bukan objek"
FORM_GROUP_NO_COMPONENTS = 'grup tidak memiliki daftar "components"'
FORM_COMPONENT_UNSUPPORTED = "jenis komponen formulir {kind!r} tidak didukung"
HINT_FORM_COMPONENT_TYPES = "pakai salah satu dari {types}"
FORM_FIELD_NO_KEY = "isian {kind} tidak memiliki kunci (key)"
HINT_FORM_FIELD_KEY = "isi Key isian itu di panel properti Camunda Modeler"
FORM_KEY_NOT_NAME = "kunci isian {key!r} bukan nama sederhana"
HINT_FORM_KEY_NAME = ("pakai huruf, angka dan garis bawah, diawali huruf (kondisi dan templat menyebut isian "
                      "menurut namanya)")
FORM_VALIDATE_NOT_OBJECT = '"validate" bukan objek'
FORM_DATETIME_SUBTYPE = "subtype datetime {subtype!r} bukan salah satu dari date, time, datetime"
FORM_RULE_NOT_COUNT = "validate.{name} bernilai {value!r}, bukan bilangan bulat tidak negatif"
FORM_RULE_NOT_NUMBER = "validate.{name} bernilai {value!r}, bukan angka"
FORM_PATTERN_NOT_TEXT = "validate.pattern bukan teks"
FORM_PATTERN_INVALID = "validate.pattern {pattern!r} bukan ekspresi reguler yang sah: {detail}"
HINT_FORM_PATTERN = "perbaiki pola pada bagian Validation isian itu"
FORM_VALIDATION_TYPE = "validate.validationType {value!r} tidak didukung"
HINT_FORM_VALIDATION_TYPE = "pakai salah satu dari {types} atau sebuah pola (pattern)"
FORM_NO_VALUES = 'isian {kind} tidak memiliki "values" statis'
HINT_FORM_VALUES = "daftarkan pilihannya di Static options; pilihan dinamis tidak didukung"
FORM_OPTION_NO_VALUE = "pilihan ke-{number} tidak memiliki nilai"
FORM_OPTION_VALUE = "nilai pilihan ke-{number} harus teks atau angka"
FORM_KEY_NOT_ID = "formKey {form_key!r} bukan id formulir yang sederhana"
HINT_FORM_KEY_ID = "isi camunda:formKey dengan id formulir: huruf, angka, '_', '.', '-'"
FORM_NOT_FOUND = "formulir {form_key!r} tidak ditemukan"
HINT_FORM_NOT_FOUND = "buat {form_key}.form di salah satu folder: {folders}"

# -- gateway conditions (read by analysts at check time, by officials when a case stops) ---
CONDITION_REFUSED = "{construct} tidak diperbolehkan dalam kondisi{at}: {text!r}"
CONDITION_AT_COLUMN = " pada kolom {column}"
CONDITION_NESTING = "susunan bersarang lebih dari {limit} tingkat"
CONDITION_TOO_LONG = "kondisi sepanjang {length} karakter, lebih dari {limit} yang diizinkan"
HINT_CONDITION_TOO_LONG = "bagi keputusan itu ke beberapa gerbang atau sederhanakan"
CONDITION_EMPTY = "kondisi kosong"
HINT_CONDITION_EMPTY = 'tulis kondisi atas data formulir, mis. keputusan == "setuju"'
CONDITION_SYNTAX = "kondisi bukan ekspresi yang sah{at}: {detail}: {text!r}"
CONDITION_UNPARSABLE = "kondisi tidak dapat diurai: {text!r}"
HINT_CONDITION_LANGUAGE = (
    "kondisi boleh memakai nama isian formulir, konstanta teks/angka/True/False/None, "
    "perbandingan (== != < <= > >= in, not in), and/or/not, + - * / pada angka, "
    "tanda kurung, daftar, len(x) dan x.lower()/x.upper()/x.strip()"
)
CONDITION_FAILED = "{problem} pada kondisi {text!r}"
HINT_CONDITION_FAILED = "periksa data formulir yang dibaca kondisi itu, atau perbaiki kondisinya"
CONDITION_DIVISION_BY_ZERO = "pembagian dengan nol"
CONDITION_INCOMPARABLE = "{left} tidak dapat dibandingkan dengan {right}"
CONDITION_NEEDS_NUMBERS = "operator {symbol} memerlukan angka, bukan {kind}"
CONDITION_NEEDS_TEXT = ".{method}() pada {kind}, bukan teks"
SCRIPT_REFUSED = "menjalankan skrip tidak diperbolehkan"
HINT_SCRIPT_REFUSED = "hapus tugas skrip dan pre/post script; pakai tugas pengguna dan kondisi gerbang"
SERVICE_TASK_REFUSED = "tugas layanan (service task) tidak didukung"
HINT_SERVICE_TASK_REFUSED = "modelkan langkah ini sebagai tugas pengguna (user task)"

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
SERVE_PROXY_INVALID = "{entry!r} bukan alamat IP, jaringan (mis. 10.0.0.0/8) atau '*'"
SERVE_DEMO_LOGIN_LINE = "  {nip}  {name:28}  {roles}"
USER_NEEDS_ROSTER = "berikan --roster ROSTER.toml: hanya pejabat dalam roster yang mendapat akun"
USER_PASSWORD_PROMPT = "Kata sandi baru"
USER_PASSWORD_REPEAT = "Ulangi kata sandi"

# -- SOP document ---------------------------------------------------------------------------
SOP_SIGN_NEEDS_TRUST = "--sign memerlukan --trust ROOT_PEM untuk memverifikasi tanda tangan"
SOP_RENDERED = "{path}  ({pages} halaman{signed})"
SOP_RENDERED_SIGNED = ", ditandatangani dan terverifikasi"
SOP_PAPER_UNKNOWN = "ukuran kertas {paper!r} tidak dikenal"
HINT_SOP_PAPER = "pakai salah satu: {papers}"
SOP_NEEDS_PROPERTIES = "dokumen SOP memerlukan {keys}"
HINT_SOP_NEEDS_PROPERTIES = ("tambahkan sebagai camunda:properties proses (Camunda Modeler: proses > Extensions > "
                             "Properties)")
SOP_NO_LANES = "proses tidak memiliki lajur (lane), sehingga Bagan Arus tidak memiliki kolom Pelaksana"
HINT_SOP_NO_LANES = "letakkan setiap tugas pada lajur yang dinamai menurut jabatan pelaksananya"
SOP_NO_ELEMENTS = "proses tidak memiliki elemen alur untuk digambar"
HINT_SOP_NO_ELEMENTS = "modelkan prosedurnya: peristiwa mulai, tugas-tugas, peristiwa selesai"
SOP_TEXT_UNPRINTABLE = "{what} memuat {code_point} yang tidak dapat dicetak pada dokumen SOP: {context!r}"
SOP_TEXT_PROPERTY = "properti proses {key}"
SOP_TEXT_PROCESS_DOCUMENTATION = "dokumentasi proses"
SOP_TEXT_LANE = "nama lajur {id}"
SOP_TEXT_ELEMENT_NAME = "nama elemen {id}"
SOP_TEXT_ELEMENT_DOCUMENTATION = "dokumentasi elemen {id}"
SOP_TEXT_ELEMENT_PROPERTY = "properti {key} elemen {id}"
SOP_TEXT_FLOW_NAME = "nama alur {id}"

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
WEB_LINK_TITLE = "Tautan masuk tidak dapat dipakai"
WEB_LINK_UNKNOWN = ("Tautan masuk ini tidak dikenal (mungkin tidak tersalin utuh, atau sudah diganti tautan yang "
                    "lebih baru). Minta tautan baru kepada pengelola sopflow.")
WEB_LINK_USED = ("Tautan masuk ini sudah dipakai; setiap tautan hanya berlaku sekali. Masuk dengan NIP dan "
                 "kata sandi Anda, atau minta tautan baru kepada pengelola sopflow.")
WEB_LINK_EXPIRED = "Tautan masuk ini sudah kedaluwarsa. Minta tautan baru kepada pengelola sopflow."
WEB_PASSWORDS_DIFFER = "Kedua kata sandi tidak sama."
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
WEB_LINK_MADE = ("Tautan masuk sekali pakai untuk NIP {nip} ({name}), berlaku sampai {until}:\n{url}\n"
                 "Kirim hanya kepada pejabat itu; tautan membuka akunnya dan meminta kata sandi baru.")
USER_BASE_URL_INVALID = "{url!r} bukan alamat http:// atau https:// sopflow"
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
    "pdf-structure": "struktur PDF menyimpang (dapat dibaca berbeda)",
    "active-content": "PDF memuat aksi, skrip, lampiran atau lapisan tersembunyi",
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
ARSIP_ZIP_DIRECTORY = ("Daftar isi arsip zip berukuran {size} bita, lebih dari {limit} yang diterima "
                       "(terlalu banyak entri atau data tambahan pada entri).")
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
TRIAL_NOTHING_READY = "kasus uji coba {case} tidak memiliki tugas yang menunggu"
WEB_MODEL_FILE_MISSING = "Pilih berkas model .bpmn yang akan diunggah."
WEB_UPLOAD_UNREADABLE = "Unggahan tidak dapat dibaca ({reason}); tidak ada yang disimpan."
WEB_SOP_RENDER_FAILED_TITLE = "Dokumen SOP tidak dapat dibuat"
WEB_TRIAL_FAILED_TITLE = "Kasus uji coba tidak dapat dimulai"
WEB_TRIAL_STEP_FAILED_TITLE = "Langkah uji coba tidak dapat diselesaikan"
