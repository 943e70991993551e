"""The importer's messages and hints, Indonesian and English (:class:`jkn_geo.text.Text`).

Placeholders are filled with :meth:`Text.format`; where a value is written differently in the
two languages (numbers, sizes) the English text uses the placeholder with ``_en`` appended.
"""
from __future__ import annotations

from jkn_geo.text import Text

# ---- the file as a whole -------------------------------------------------------------------------
TOO_BIG = Text("File terlalu besar: {size} (batas {limit}).",
               "The file is too large: {size_en} (the limit is {limit_en}).")
SPLIT_OR_DROP_COLUMNS = Text(
    "Pecah menjadi beberapa file (mis. per tahun atau per provinsi), atau hapus kolom yang tidak perlu.",
    "Split it into several files (e.g. per year or per province), or remove columns that are not needed.")
TOO_LONG = Text("File terlalu panjang: lebih dari {limit}; pembacaan berhenti di baris ini.",
                "The file is too long: more than {limit_en}; reading stopped at this row.")
LIMIT_LINES = Text("{n} baris (termasuk baris kosong)", "{n_en} lines (blank ones included)")
LIMIT_ROWS = Text("{n} baris berisi", "{n_en} rows")
SPLIT_FILE = Text("Pecah menjadi beberapa file (mis. per tahun atau per provinsi).",
                  "Split it into several files (e.g. per year or per province).")
EMPTY_FILE = Text("File kosong.", "The file is empty.")
CHOOSE_TABLE = Text("Pilih file yang berisi tabel (CSV atau XLSX).", "Choose a file that holds a table (CSV or XLSX).")
ENCRYPTED_OR_XLS = Text("File ini berkata sandi (terenkripsi) atau sebenarnya berformat .xls lama.",
                        "This file is password-protected (encrypted) or is really in the old .xls format.")
REMOVE_PASSWORD_SAVE = Text(
    "Buka di Excel, hapus kata sandinya, lalu simpan sebagai .xlsx (Excel Workbook) atau CSV.",
    "Open it in Excel, remove the password and save it as .xlsx (Excel Workbook) or CSV.")
OLD_XLS = Text("Format .xls lama tidak didukung.", "The old .xls format is not supported.")
SAVE_AS_XLSX_OR_CSV = Text("Simpan ulang sebagai .xlsx atau CSV.", "Save it again as .xlsx or CSV.")
CANNOT_OPEN = Text("File tidak bisa dibuka: {exc}", "The file cannot be opened: {exc}")
CHECK_PATH = Text("Periksa nama dan lokasi file.", "Check the file's name and location.")
NO_PREVIEW = Text("Pratinjau tidak bisa dibuat ({kind}).", "No preview ({kind}).")
USE_CHECK_BUTTON = Text("Periksa berkas dengan tombol periksa.", "Check the file with the check button.")

# ---- CSV -------------------------------------------------------------------------------------------
CSV_UNREADABLE = Text("Baris ini tidak terbaca sebagai CSV ({exc}).", "This row cannot be read as CSV ({exc}).")
UNCLOSED_QUOTE = Text(
    "Periksa tanda kutip (\") yang tidak ditutup mulai baris ini, atau sel yang sangat panjang; "
    "simpan ulang file dari Excel/LibreOffice sebagai CSV.",
    "Look for an unclosed quote (\") starting in this row, or a very long cell; save the file again "
    "from Excel/LibreOffice as CSV.")
CSV_NO_SHEETS = Text("File CSV tidak punya sheet.", "A CSV file has no sheets.")
DROP_SHEET_OPTION = Text("Hapus pilihan sheet, atau unggah file XLSX.", "Remove the sheet option, or upload an XLSX file.")

# ---- XLSX ------------------------------------------------------------------------------------------
BAD_XLSX = Text("File XLSX tidak bisa dibaca: {what}", "The XLSX file cannot be read: {what_en}")
RESAVE_OR_DOWNLOAD = Text(
    "Buka file di Excel/LibreOffice dan simpan ulang sebagai .xlsx atau CSV; bila file diunduh, "
    "unduh ulang (mungkin terpotong).",
    "Open it in Excel/LibreOffice and save it again as .xlsx or CSV; if it was downloaded, "
    "download it again (it may be truncated).")
ZIP_DAMAGED = Text("arsipnya rusak atau terpotong ({exc}).", "the archive is damaged or truncated ({exc}).")
ZIP_PARTS = Text("arsipnya berisi {n} bagian (batas {limit}).", "the archive holds {n_en} parts (the limit is {limit_en}).")
ZIP_UNPACKED = Text("isinya {size} setelah dibuka (batas {limit}); "
                    "file sekecil {packed} dengan isi sebesar itu mencurigakan (zip bomb?).",
                    "it unpacks to {size_en} (the limit is {limit_en}).")
SPLIT_OR_CSV = Text("Pecah data menjadi beberapa file, atau simpan sebagai CSV.",
                    "Split the data into several files, or save it as CSV.")
ZIP_PART = Text("bagian {part} berukuran {size} setelah dibuka (batas {limit}).",
                "its part {part} unpacks to {size_en} (the limit is {limit_en}).")
TABLE_AS_CSV = Text("Simpan tabel sebagai CSV, atau salin hanya tabelnya ke file .xlsx baru.",
                    "Save the table as CSV, or copy just the table into a new .xlsx file.")
ZIP_ENCRYPTED = Text("arsipnya terenkripsi.", "the archive is encrypted.")
REMOVE_PASSWORD = Text("Hapus kata sandi di Excel lalu simpan ulang sebagai .xlsx.",
                       "Remove the password in Excel and save it again as .xlsx.")
EXCEPTION = Text("{kind}: {detail}", "{kind}: {detail}")
XLSX_TOO_MANY_RECORDS = Text("sheet-nya berisi lebih dari {rows} baris atau {cells} sel, kebanyakan kosong.",
                             "its sheet holds more than {rows_en} rows or {cells_en} cells, most of them empty.")
COPY_TO_NEW_SHEET = Text("Salin hanya tabelnya ke sheet atau file baru, lalu unggah lagi.",
                         "Copy just the table to a new sheet or file and upload that.")
SHEET_DAMAGED = Text("sheet rusak{where}: {kind}: {detail}", "the sheet is damaged{where_en}: {kind}: {detail}")
AROUND_ROW = Text(" (sekitar baris {n})", " (around row {n})")
NO_SHEETS = Text("tidak ada sheet.", "it has no sheets.")
NO_SUCH_SHEET = Text("Sheet '{sheet}' tidak ada di file ini.", "There is no sheet '{sheet}' in this file.")
NOT_A_TABLE = Text("Sheet '{sheet}' bukan tabel.", "Sheet '{sheet}' is not a table.")
CHOOSE_SHEET = Text("Pilih salah satu sheet: {names}.", "Choose one of the sheets: {names}.")
TOO_FAR_RIGHT = Text("Ada isi di kolom {col} (kolom ke-{n}); tabel impor paling banyak {limit} kolom.",
                     "There is content in column {col} (column {n_en}); an import table has at most {limit} columns.")
DELETE_FAR_CELL = Text("Hapus isi sel itu, atau salin tabelnya ke sheet baru.",
                       "Delete that cell's content, or copy the table to a new sheet.")

# ---- header and columns ----------------------------------------------------------------------------
NO_ROWS = Text("File kosong: tidak ada baris berisi.", "The file is empty: no rows with content.")
FILL_AS_TEMPLATE = Text(
    "Isi file dengan satu baris judul kolom dan satu baris per wilayah dan bulan (lihat templat).",
    "Fill in one header row and one row per region and month (see the template).")
NO_HEADER = Text("Baris judul kolom tidak dikenali.", "No header row could be recognised.")
NEED_REGION_AND_FIGURE = Text(
    "Perlu kolom wilayah (kode atau nama, mis. 'kode', 'kabupaten/kota') dan kolom angka (mis. 'peserta', "
    "'aktif', 'penduduk', 'cakupan'); unduh templat untuk contoh.",
    "A region column (code or name, e.g. 'kode', 'kabupaten/kota') and a figure column (e.g. 'peserta', "
    "'aktif', 'penduduk', 'cakupan') are needed; download the template for an example.")
INVISIBLE = Text(
    "{n} sel berisi karakter tak terlihat (spasi lebar nol, tanda arah teks atau "
    "karakter kontrol); karakter itu dihapus sebelum dibaca.",
    "{n_en} cells hold invisible characters (zero-width spaces, text-direction marks "
    "or control characters); they were removed before reading.")
CLEAN_CELL = Text("Bila ada nama atau angka yang terbaca salah, bersihkan sel itu di file asli.",
                  "If a name or figure reads wrongly, clean that cell in the original file.")
FORMULA = Text("Sel berisi rumus yang hasilnya tidak tersimpan di file.",
               "The cell holds a formula whose result is not stored in the file.")
SAVE_FORMULA_RESULTS = Text(
    "Buka file di Excel/LibreOffice lalu simpan ulang (hasil rumus ikut tersimpan), atau salin dan "
    "tempel sebagai nilai (Paste Special → Values).",
    "Open the file in Excel/LibreOffice and save it again (results are stored then), or copy and "
    "paste the cells as values (Paste Special → Values).")
UNKNOWN_COLUMN = Text("Kolom tidak dikenal, diabaikan.", "Unknown column, ignored.")
RENAME_COLUMN = Text("Ganti judulnya bila kolom ini berisi angka JKN (lihat templat).",
                     "Rename it if it holds JKN figures (see the template).")
DUPLICATE_COLUMN = Text("Kolom '{second}' berarti sama dengan '{first}'; hanya '{first}' dipakai.",
                        "Column '{second}' means the same as '{first}'; only '{first}' is used.")
DROP_ONE_COLUMN = Text("Hapus atau ganti nama salah satunya.", "Delete or rename one of them.")
NO_PERIOD_COLUMN = Text("Tidak ada kolom periode.", "There is no period column.")
ADD_PERIOD = Text(
    "Tambahkan kolom 'periode' (mis. 2025-07 atau Juli 2025), atau beri periode untuk seluruh file "
    "(--period 2025-07).",
    "Add a 'periode' column (e.g. 2025-07 or Juli 2025), or give one period for the whole file "
    "(--period 2025-07).")
NO_FIGURE_COLUMN = Text("Tidak ada kolom angka JKN (peserta, aktif, cakupan ...).",
                        "There is no JKN figure column (registered, active, coverage ...).")
ADD_FIGURES = Text("Tambahkan kolom 'peserta' dan/atau 'aktif' (lihat templat); tabel penduduk saja perlu "
                   "periode per tahun atau semester (mis. 2024 atau 'semester I 2024').",
                   "Add a 'peserta' and/or 'aktif' column (see the template); a table of population alone needs "
                   "periods by year or semester (e.g. 2024 or 'semester I 2024').")
BAD_DEFAULT_PERIOD = Text("Periode tidak terbaca: {exc}", "Unreadable period: {exc}")
WRITE_PERIOD_SHORT = Text("Tulis mis. 2025-07 atau Juli 2025.", "Write e.g. 2025-07 or Juli 2025.")
FRACTIONS = Text("Semua nilai ≤ 1,5: dibaca sebagai pecahan (0,97 = 97 %).",
                 "All values ≤ 1.5: read as fractions (0.97 = 97 %).")
WRITE_PERCENT = Text("Tulis persen sebagai 97,05 bila ini salah.", "Write percentages as 97.05 if this is wrong.")

# ---- rows ------------------------------------------------------------------------------------------
TOO_MANY_CELLS = Text("Baris ini punya {cells} sel, judulnya {ncols} kolom.",
                      "This row has {cells} cells but the header has {ncols} columns.")
DECIMAL_COMMAS = Text(
    "Periksa pemisah desimal: angka seperti 97,05 di file CSV berpemisah koma harus diberi tanda "
    "kutip, atau pakai titik koma (;) sebagai pemisah.",
    "Check decimal commas: in a comma-separated CSV a value like 97,05 must be quoted, or use "
    "semicolons (;) as separators.")
TOTAL_ROW = Text("Baris total dilewati (jumlah dihitung sendiri).", "Total row skipped (sums are computed).")
EMPTY_REGION = Text("Wilayah kosong.", "The region is empty.")
FILL_REGION = Text("Isi kode atau nama wilayah, atau hapus baris ini.",
                   "Fill in the region code or name, or delete this row.")
UNKNOWN_LEVEL = Text("Tingkat wilayah tidak dikenal ({exc}).", "Unknown level ({exc}).")
WRITE_LEVEL = Text("Tulis provinsi, kabupaten/kota atau kecamatan.", "Write provinsi, kabupaten/kota or kecamatan.")
BAD_PERIOD = Text("Periode tidak terbaca.", "Unreadable period ({exc}).")
WRITE_PERIOD = Text("Tulis mis. 2025-07, Juli 2025, Jul-25 atau 01/07/2025.",
                    "Write e.g. 2025-07, Juli 2025, Jul-25 or 01/07/2025.")
EMPTY_PERIOD = Text("Periode kosong.", "The period is empty.")
FILL_PERIOD = Text("Isi bulan data, mis. 2025-07.", "Fill in the month of the data, e.g. 2025-07.")
FUTURE_PERIOD = Text("Periode {period} ada di masa depan (bulan ini {now}).",
                     "Period {period} is in the future (this month is {now}).")
CHECK_DATE = Text("Periksa tahun dan bulan; tanggal ditulis hari/bulan/tahun.",
                  "Check the year and month; dates are read as day/month/year.")
SEGMENT_SUM = Text("Jumlah segmen ({parts}) tidak sama dengan total ({total}).",
                   "The segments add up to {parts_en}, not to the total {total_en}.")
CHECK_SEGMENTS = Text("Periksa angka segmen atau total.", "Check the segment figures or the total.")
NO_FIGURES_IN_ROW = Text("Baris tanpa angka JKN, dilewati.", "Row without JKN figures, skipped.")
FILL_ROW = Text("Isi peserta/aktif, atau hapus baris ini.", "Fill in registered/active, or delete this row.")
CHECK_HIERARCHY = Text("Periksa baris total atau baris wilayah di bawahnya; semuanya disimpan apa adanya.",
                       "Check the total row or its sub-regions' rows; all are stored as given.")

# ---- numbers ---------------------------------------------------------------------------------------
NOT_A_NUMBER = Text("Bukan angka.", "Not a number.")
WRITE_NUMBER = Text("Tulis angka seperti 1.234.567, 97,05 atau 6,3 juta.",
                    "Write numbers like 1.234.567, 97,05 or 6,3 juta.")
COUNT_NOT_PERCENT = Text("Kolom ini berisi jumlah orang, bukan persen.",
                         "This column holds numbers of people, not percentages.")
MOVE_PERCENT = Text("Tulis jumlah jiwa, atau pindahkan persen ke kolom 'cakupan'/'keaktifan'.",
                    "Write the number of people, or move percentages to a 'cakupan'/'keaktifan' column.")
NEGATIVE_COUNT = Text("Jumlah negatif.", "Negative count.")
NOT_NEGATIVE = Text("Jumlah orang tidak bisa negatif; periksa angkanya.",
                    "A number of people cannot be negative; check it.")
FRACTIONAL_COUNT = Text("Jumlah orang harus bilangan bulat.", "A number of people must be whole.")
CHECK_SEPARATORS = Text("Titik memisahkan ribuan (1.234.567), koma adalah desimal; periksa pemisahnya.",
                        "Dots group thousands (1.234.567), a comma is the decimal mark; check the separators.")
NEGATIVE_PCT = Text("Persen negatif.", "Negative percentage.")
CHECK_VALUE = Text("Periksa angkanya.", "Check the value.")

# ---- regions ---------------------------------------------------------------------------------------
UNKNOWN_CODE = Text("Kode wilayah tidak dikenal.", "Unknown region code.")
NAME_FITS = Text("Nama di baris ini cocok dengan {name} ({code}).", "The name in this row fits {name} ({code}).")
CHECK_CODE = Text("Periksa kodenya.", "Check the code.")
USE_KEMENDAGRI_CODE = Text("Pakai kode Kemendagri, mis. 18.71 (Kota Bandar Lampung).",
                           "Use the Kemendagri code, e.g. 18.71 (Kota Bandar Lampung).")
NAME_CODE_MISMATCH = Text("Nama tidak cocok dengan kode {code} ({name}); kode yang dipakai.",
                          "The name does not fit code {code} ({name}); the code is used.")
CHECK_CODE_OR_NAME = Text("Periksa kode atau nama di baris ini.", "Check the code or the name in this row.")
FUZZY_MATCH = Text("Dibaca sebagai {name} ({code}); ejaannya hanya mirip.",
                   "Read as {name} ({code}); the spelling only comes close.")
CHECK_NAME_OR_ADD_CODE = Text("Periksa nama, atau tambahkan kolom kode.", "Check the name, or add a code column.")
AMBIGUOUS = Text("Nama wilayah ambigu: cocok dengan {cands}.", "Ambiguous region name: it fits {cands}.")
DISAMBIGUATE = Text("Tulis 'Kabupaten …' atau 'Kota …', tambahkan kolom provinsi, atau pakai kolom kode.",
                    "Write 'Kabupaten …' or 'Kota …', add a province column, or use a code column.")
NATIONAL_CODE_NAME = Text("Kode ID berarti Indonesia (nasional), tetapi namanya '{name}'.",
                          "Code ID means Indonesia (national), but the name is '{name}'.")
NOT_NATIONAL = Text("Tingkat nasional hanya untuk Indonesia.", "The national level is only for Indonesia.")
WRITE_INDONESIA = Text("Tulis 'Indonesia' (atau kode ID) di baris nasional, atau perbaiki tingkatnya.",
                       "Write 'Indonesia' (or code ID) in a national row, or correct its level.")
YEARLY_FIGURE = Text("Hanya tahun ({period}): disimpan sebagai angka tahunan (periode {period}-01, jenis 'year').",
                     "A year only ({period}): stored as a yearly figure (period {period}-01, kind 'year').")
WRITE_MONTH_IF_KNOWN = Text("Tulis bulannya (mis. Desember {period}) bila sumbernya menyebutkannya.",
                            "Write the month (e.g. December {period}) when the source gives it.")
NO_POPULATION_IN_ROW = Text("Baris tanpa jumlah penduduk dilewati.", "Row without a population skipped.")
TO_ENROL_ABOVE_POPULATION = Text("Perlu didaftarkan lebih besar dari jumlah penduduk.",
                                 "People to enrol exceed the population.")
NOT_FOUND = Text("Wilayah tidak ditemukan.", "Region not found.")
DID_YOU_MEAN = Text(" Mungkin maksudnya: {cands}.", " Did you mean: {cands}?")
CHECK_SPELLING = Text("Periksa ejaan atau pakai kode wilayah Kemendagri.", "Check the spelling or use the Kemendagri code.")

# ---- checks within a row ---------------------------------------------------------------------------
DUPLICATE_ROW = Text("Wilayah {code} periode {period} sudah ada di baris {row}.",
                     "Region {code} for {period} already appears in row {row}.")
DROP_ONE_ROW = Text("Hapus salah satu baris, atau perbaiki periodenya.", "Delete one of the rows, or correct its period.")
ACTIVE_ABOVE_REGISTERED = Text("Peserta aktif ({act}) lebih banyak dari peserta terdaftar ({reg}).",
                               "Active participants ({act_en}) exceed registered participants ({reg_en}).")
COLUMNS_SWAPPED = Text("Periksa apakah kolom aktif dan terdaftar tertukar.",
                       "Check whether the active and registered columns are swapped.")
INACTIVE_ABOVE_REGISTERED = Text("Peserta tidak aktif lebih banyak dari terdaftar.",
                                 "Inactive participants exceed registered participants.")
CHECK_FIGURES = Text("Periksa angkanya.", "Check the figures.")
SUM_MISMATCH = Text("Aktif + tidak aktif = {sum}, bukan {reg} (terdaftar).",
                    "Active + inactive = {sum_en}, not {reg_en} (registered).")
STORED_AS_GIVEN = Text("Periksa ketiga angka; yang disimpan apa adanya.",
                       "Check the three figures; they are stored as given.")
ACTIVITY_ABOVE_100 = Text("Keaktifan di atas 100 %.", "Activity above 100 %.")
ACTIVITY_AT_MOST_100 = Text("Keaktifan = aktif ÷ terdaftar, tidak bisa lebih dari 100 %.",
                            "Activity = active ÷ registered cannot exceed 100 %.")
POPULATION_IN_FILE = Text("penduduk di file", "the population in the file")
POPULATION_REFERENCE = Text("penduduk rujukan", "the reference population")
REGISTERED_FAR_ABOVE = Text("Peserta terdaftar jauh di atas {which} ({pop}): cakupan {cov}.",
                          "Registered participants far above {which_en} ({pop_en}): coverage {cov_en}.")
CHECK_UNITS = Text("Periksa satuan (ribuan?) dan apakah wilayahnya benar.",
                   "Check the units (thousands?) and whether the region is right.")
COVERAGE_ABOVE_100_OF = Text("Cakupan di atas 100 % ({cov} dari {which}).", "Coverage above 100 % ({cov_en} of {which_en}).")
OUTSIDE_DOMICILE = Text("Bisa terjadi (peserta terdaftar di luar domisili); periksa bila tidak diharapkan.",
                        "This happens (participants registered outside their domicile); check if unexpected.")
COVERAGE_MISMATCH = Text("Cakupan tertulis {given}, dari angkanya {calc}.",
                         "Coverage stated as {given_en}, its counts give {calc_en}.")
COMPUTED_FROM_COUNTS = Text("Angka dihitung dari jumlah; periksa persen atau jumlahnya.",
                            "Figures are computed from the counts; check the percentage or the counts.")
COVERAGE_ABOVE_100 = Text("Cakupan di atas 100 %.", "Coverage above 100 %.")
CHECK_IF_UNEXPECTED = Text("Periksa bila tidak diharapkan.", "Check if unexpected.")
ACTIVITY_MISMATCH = Text("Keaktifan tertulis {given}, dari angkanya {calc}{alt}.",
                         "Activity stated as {given_en}, its counts give {calc_en}{alt_en}.")
ACTIVE_OVER_POPULATION = Text(" (aktif ÷ penduduk = {pct})", " (active ÷ population = {pct_en})")
DEFINITION_NAMES = {"registered/population": Text("terdaftar ÷ penduduk", "registered ÷ population"),
                    "active/registered": Text("aktif ÷ terdaftar", "active ÷ registered"),
                    "active/population": Text("aktif ÷ penduduk", "active ÷ population")}
DEFINITION_FITS = Text("Angka {what} {given} cocok dengan {fits} ({fits_pct}), bukan dengan definisi kolomnya, "
                       "{stated} ({stated_pct}); disimpan dengan definisi kolomnya.",
                       "The {what_en} figure {given_en} fits {fits_en} ({fits_pct_en}), not its column's definition, "
                       "{stated_en} ({stated_pct_en}); stored with its column's definition.")
DECLARE_DEFINITION = Text("Bila sumbernya memakai {fits}, nyatakan di judul kolom, mis. '{header} ({fits_short})'.",
                          "If the source uses {fits_en}, declare it in the header, e.g. '{header} ({fits_short})'.")
ACTIVE_COVERAGE_ABOVE_100 = Text("Cakupan peserta aktif (aktif ÷ penduduk) di atas 100 %.",
                                 "Active coverage (active ÷ population) above 100 %.")
ACTIVITY_DEFINITION = Text("Keaktifan di sini = aktif ÷ terdaftar; periksa definisi sumbernya.",
                           "Activity here is active ÷ registered; check the source's definition.")

# ---- the import as a whole -------------------------------------------------------------------------
NAME_TOO_LONG = Text("Nama dataset terlalu panjang ({n} karakter, batas {limit}).",
                     "The dataset name is too long ({n} characters, the limit is {limit}).")
SHORTER_NAME = Text("Pilih nama yang lebih pendek.", "Choose a shorter name.")
NAME_TAKEN = Text("Sudah ada dataset bernama '{name}'.", "A dataset named '{name}' already exists.")
OTHER_NAME = Text("Pilih nama lain (--name), atau hapus/ganti nama dataset lama.",
                  "Choose another name (--name), or delete or rename the old dataset.")
NOTHING_TO_STORE = Text("Tidak ada baris dengan angka untuk disimpan.", "There are no rows with figures to store.")
FILL_FIGURES = Text("Isi kolom peserta/aktif/penduduk/cakupan untuk setiap wilayah.",
                    "Fill in registered/active/population/coverage for each region.")
STORE_BUSY = Text("Tidak disimpan: penyimpanan sedang sibuk ({exc}).", "Not stored: the store is busy ({exc}).")
WAIT_AND_RETRY = Text("Tunggu sebentar lalu impor lagi; tidak ada yang berubah.",
                      "Wait a moment and import again; nothing was changed.")
STORE_FAILED = Text("Tidak disimpan: {exc}", "Not stored: {exc}")
STORE_UNCHANGED = Text("Tidak ada yang berubah di penyimpanan; perbaiki lalu impor lagi.",
                       "Nothing in the store was changed; fix it and import again.")
UNEXPECTED = Text("Kesalahan tak terduga saat memeriksa file ({kind}: {detail}); tidak ada yang disimpan.",
                  "Unexpected failure while checking the file ({kind}: {detail}); nothing was stored.")
UNEXPECTED_HINT = Text(
    "Periksa file (sel yang aneh, sheet yang rusak) atau simpan ulang sebagai CSV lalu coba lagi; laporkan "
    "bila berulang.",
    "Check the file (odd cells, a damaged sheet) or save it again as CSV and retry; report it if it recurs.")


# ---- published figures (a long table, one row per figure) ---------------------------------------------
NO_LONG_HEADER = Text("Tidak ada baris judul tabel angka terbit (wilayah, indikator, nilai) di 10 baris pertama.",
                      "No header of a table of published figures (region, measure, value) in the first 10 rows.")
NEED_LONG_COLUMNS = Text("Beri judul kolom: wilayah (atau kode), tanggal, indikator, nilai; opsional definisi, "
                         "kualifikasi, sumber, tautan, kutipan, catatan.",
                         "Name the columns: region (or code), date, measure, value; optionally definition, "
                         "qualifier, source, url, quote, notes.")
ADD_LONG_PERIOD = Text("Tambahkan kolom 'tanggal' (mis. 2025-07-01, Juli 2025 atau 2024).",
                       "Add a 'tanggal' (date) column (e.g. 2025-07-01, July 2025 or 2024).")
RENAME_LONG_COLUMN = Text("Kolom ini diabaikan; ganti namanya bila isinya perlu (mis. 'kutipan', 'catatan').",
                          "This column is ignored; rename it if it is needed (e.g. 'quote', 'notes').")
WRITE_LEVEL_NATIONAL = Text("Tulis nasional, provinsi, kabupaten/kota atau kecamatan.",
                            "Write national, province, regency or district (in Indonesian or English).")
UNKNOWN_MEASURE = Text("Indikator tidak dikenal.", "Unknown measure.")
EMPTY_MEASURE = Text("Indikator kosong.", "The measure is empty.")
KNOWN_MEASURES = Text(
    "Tulis salah satu: coverage_pct (cakupan), activity_pct (keaktifan), active_coverage_pct (cakupan aktif), "
    "participants (peserta), active_participants (peserta aktif), inactive_participants, population "
    "(penduduk), unregistered (belum terdaftar), to_enrol (perlu didaftarkan), target_coverage_pct, "
    "target_activity_pct.",
    "Use one of: coverage_pct, activity_pct, active_coverage_pct, participants, active_participants, "
    "inactive_participants, population, unregistered, to_enrol, target_coverage_pct, target_activity_pct.")
EMPTY_VALUE = Text("Nilai kosong.", "The value is empty.")
WRITE_VALUE = Text("Tulis angkanya seperti di sumber, mis. 97,05 · 6,3 juta · sekitar 118 ribu.",
                   "Write the number as the source does, e.g. 97,05 · 6,3 juta · sekitar 118 ribu.")
UNIT_MISMATCH = Text("Satuan tidak cocok dengan indikator {measure}.", "The unit does not fit the measure {measure}.")
CHECK_UNIT = Text("Persentase bersatuan persen, jumlah orang bersatuan jiwa; perbaiki satuan atau indikatornya.",
                  "Percentages are in percent, counts in persons; correct the unit or the measure.")
SEMESTER_FIGURE = Text("Semester ({period}): disimpan sebagai angka semester.",
                       "A semester ({period}): stored as a semester figure.")
FUTURE_FIGURE = Text("Tanggal {period} sesudah bulan ini ({now}); disimpan (mis. sebuah target).",
                     "Date {period} is after this month ({now}); stored (e.g. a target).")
CHECK_DATE_OR_TARGET = Text("Periksa tanggalnya bila ini bukan target.", "Check the date if this is not a target.")
PCT_ABOVE_100 = Text("Persentase {value} di atas 100 %; disimpan dengan peringatan.",
                     "Percentage {value_en} above 100 %; stored with a warning.")
STORED_WITH_WARNING = Text("Periksa sumbernya; angka disimpan seperti tertulis.",
                           "Check the source; the figure is stored as written.")
ACTIVE_ABOVE_REGISTERED_FIGURE = Text("Peserta aktif lebih banyak dari peserta terdaftar (baris {row}) di sumber, "
                                      "wilayah dan tanggal yang sama.",
                                      "More active than registered participants (row {row}) for the same source, "
                                      "region and date.")
PARTIAL_REFUSED = Text("{n} baris ditolak (lihat kesalahan di atas); {k} angka dari {m} baris disimpan.",
                       "{n_en} rows refused (see the errors above); {k_en} figures from {m_en} rows stored.")
UNKNOWN_IMPORT_KIND = Text("Jenis impor tidak dikenal; pilih salah satu: {kinds}.",
                           "Unknown import kind; choose one of: {kinds}.")
LOOKS_PUBLISHED = Text("Berkas ini tampak sebagai tabel angka terbit (satu baris per angka: indikator, nilai), "
                       "bukan tabel resmi.",
                       "This file looks like a table of published figures (one row per figure: measure, value), "
                       "not an official table.")
USE_KIND_PUBLISHED = Text("Impor dengan jenis 'published' (--kind published, atau pilihan 'angka terbit' di "
                          "halaman Data).",
                          "Import it with kind 'published' (--kind published, or 'published figures' on the "
                          "Data page).")

# ---- bounded work and hostile input (issue 14) ------------------------------------------------------
NAME_CELL_TOO_LONG = Text("Nama wilayah terlalu panjang ({n} karakter, batas {limit}); sel ini tidak dibaca.",
                          "The region name is too long ({n_en} characters, the limit is {limit}); the cell was not read.")
SHORTEN_NAME_OR_CODE = Text("Tulis nama wilayah saja (mis. 'Kab. Lumajang'), atau pakai kolom kode wilayah (mis. 35.08).",
                            "Write only the region's name (e.g. 'Kab. Lumajang'), or use a region code column (e.g. 35.08).")
MATCH_BUDGET_SPENT = Text(
    "Wilayah tidak ditemukan: pencocokan nama dihentikan setelah {s} detik untuk file ini; sejak baris {first} "
    "hanya nama yang persis sama (atau singkatan yang dikenal) yang dicocokkan.",
    "Region not found: name matching stopped after {s_en} seconds for this file; from row {first} on only names "
    "written exactly (or known abbreviations) are matched.")
USE_CODE_COLUMN = Text("Pakai kolom kode wilayah (mis. 35.08.01), atau perbaiki ejaan nama di baris-baris ini.",
                       "Use a region code column (e.g. 35.08.01), or correct the spelling of the names in these rows.")
IMPLAUSIBLE_COUNT = Text("Jumlah {value} lebih besar dari penduduk wilayah mana pun (batas {limit}).",
                         "The count {value_en} is larger than any region's population (the limit is {limit_en}).")
CHECK_COUNT_UNITS = Text("Periksa angkanya: tulis jumlah jiwa (mis. 1.234.567), tanpa digit tambahan.",
                         "Check the number: write the number of people (e.g. 1,234,567), without extra digits.")
UNCLOSED_QUOTE_AT = Text(
    "Tanda kutip (\") di kolom '{col}' baris ini tidak ditutup: sisa file ({lines} baris) terbaca sebagai satu sel.",
    "The quote (\") in column '{col}' of this row is never closed: the rest of the file ({lines_en} lines) "
    "was read as one cell.")
CLOSE_QUOTE = Text("Tutup tanda kutipnya (atau hapus), lalu simpan ulang file sebagai CSV.",
                   "Close the quote (or delete it), then save the file again as CSV.")
MIXED_ENCODING = Text(
    "File ini mencampur pengodean huruf: {n} baris bukan UTF-8 dan dibaca sebagai Windows-1252 "
    "(pertama di kolom '{col}', nilai '{value}').",
    "This file mixes character encodings: {n_en} lines are not UTF-8 and were read as Windows-1252 "
    "(first in column '{col}', value '{value}').")
MOJIBAKE = Text(
    "Huruf rusak (mojibake) di {n} sel, mis. '{value}' (mungkin '{fixed}'): file pernah dibuka dengan pengodean yang salah.",
    "Garbled letters (mojibake) in {n_en} cells, e.g. '{value}' (probably '{fixed}'): the file was once opened "
    "with the wrong encoding.")
SAVE_AS_UTF8 = Text("Periksa huruf di sel itu dan simpan file sebagai 'CSV UTF-8'.",
                    "Check the letters in that cell and save the file as 'CSV UTF-8'.")
NAME_CONFUSABLE = Text("Nama '{name}' mirip sekali dengan dataset yang sudah ada '{other}' (huruf yang tampak sama).",
                       "The name '{name}' looks the same as the existing dataset '{other}' (look-alike letters).")
DISTINCT_NAME = Text("Pilih nama yang jelas berbeda, hanya dengan huruf Latin biasa.",
                     "Choose a clearly different name, in plain Latin letters.")
