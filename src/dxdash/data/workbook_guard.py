"""Guards run on an uploaded .xlsx before openpyxl parses it: sizes, damage, hostile shapes.

An .xlsx is a zip of XML parts. ``check_xlsx`` reads only the zip's directory to refuse zip
bombs (declared sizes and compression ratios, nothing decompressed), then streams every XML
part once through expat to refuse damaged XML, DTDs, too many elements, cells outside the
sheet's range, too many cells and numeric, boolean, date or shared-string values that openpyxl
would crash on — each as a Japanese sentence naming the sheet and, where known, the cell. Its
cost is bounded by the caps below, whatever the file holds.
"""

from __future__ import annotations

import io
import math
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from xml.etree import ElementTree
from xml.parsers import expat

from openpyxl.utils.datetime import from_ISO8601

from dxdash.data.validation import DataError

# Files larger than this are refused before they are opened (the upload limit).
MAX_IMPORT_BYTES = 10 * 1024 * 1024
# An .xlsx is a zip: refuse one whose parts would unpack to more than this in total.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# ... or a part larger than 1 MiB that is packed more tightly than this (a "zip bomb";
# real sheets pack 5–20 times).
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
# Parts in the zip (a workbook has a few dozen).
MAX_ZIP_MEMBERS = 1_000
# Data rows per sheet or CSV file; dxdash's tables have tens of rows.
MAX_ROWS = 10_000
# Columns a sheet or CSV file may use (the widest table has 19).
MAX_COLUMNS = 50
# Cells in all data sheets together: 10,000 rows of 数値 (11 columns) is 110,000; the
# worst file within every cap is read in about 15 s on a busy 2-core machine.
MAX_CELLS = 150_000
# XML elements in any one part (a cell is 2–3 elements).
MAX_XML_ELEMENTS = 1_000_000
# Characters in one cell: Excel's own limit.
MAX_CELL_CHARS = 32_767
# Problems listed; the rest are counted in one last sentence.
MAX_PROBLEMS = 200

_CHUNK = 64 * 1024
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*")
_COORDINATE = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


class ImportProblems(DataError):
    """An import was refused; ``problems`` holds every problem as one Japanese sentence."""

    def __init__(self, problems: Sequence[str]) -> None:
        if isinstance(problems, ProblemList):
            problems = problems.listed()
        super().__init__(problems)


class ProblemList(list[str]):
    """A list of problems that keeps the first MAX_PROBLEMS and counts the rest."""

    def __init__(self, problems: Iterable[str] = (), limit: int = MAX_PROBLEMS) -> None:
        super().__init__()
        self.limit = limit
        self.more = 0
        self.extend(problems)

    def append(self, problem: str) -> None:
        """Keep the problem, or only count it once the list is full."""
        if len(self) < self.limit:
            super().append(problem)
        else:
            self.more += 1

    def extend(self, problems: Iterable[str]) -> None:
        """Append each problem (so the cap holds)."""
        for problem in problems:
            self.append(problem)

    def listed(self) -> list[str]:
        """The kept problems, and a last sentence saying how many more were found."""
        if not self.more:
            return list(self)
        return [
            *self,
            f"ほか {self.more:,}件の問題があります（最初の {self.limit}件だけを挙げました。"
            "挙げた問題を直してからもう一度取り込んでください）",
        ]


def column_letter(number: int) -> str:
    """Excel's letters for a 1-based column number (1 → A, 28 → AB)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


@dataclass
class SheetScan:
    """What the scan learned about one data sheet: the last row holding a cell."""

    last_row: int = 0


class _Stop(Exception):
    """Raised inside an expat handler to stop scanning a part."""


# expat's error codes, in words staff can act on
_EXPAT_WORDS = {
    expat.errors.XML_ERROR_NO_ELEMENTS: "途中で切れています",
    expat.errors.XML_ERROR_UNCLOSED_TOKEN: "途中で切れています",
    expat.errors.XML_ERROR_PARTIAL_CHAR: "途中で切れています",
    expat.errors.XML_ERROR_BAD_CHAR_REF: "使えない文字の参照（&#0; など）があります",
    expat.errors.XML_ERROR_INVALID_TOKEN: "XML として正しくない文字や記号があります",
    expat.errors.XML_ERROR_TAG_MISMATCH: "開始と終了のタグが対応していません",
    expat.errors.XML_ERROR_UNDEFINED_ENTITY: "使えない実体参照（&name; の形）があります",
    expat.errors.XML_ERROR_JUNK_AFTER_DOC_ELEMENT: "XML の終わりの後にもデータが続いています",
}


def _expat_words(error: expat.ExpatError) -> str:
    words = _EXPAT_WORDS.get(expat.ErrorString(error.code), "XML として読めません")
    return f"{words}（XML の {error.lineno}行 {error.offset + 1}文字目）"


class _PartScan:
    """Stream one XML part through expat, counting elements; subclasses look at cells."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.elements = 0
        self.parser = expat.ParserCreate()
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.text
        self.parser.StartDoctypeDeclHandler = self.doctype
        self.parser.EntityDeclHandler = self.doctype
        self.stopped: str | None = None

    def doctype(self, *args: object) -> None:
        del args
        self.stop("DTD（<!DOCTYPE>）は使えません")

    def stop(self, message: str) -> None:
        self.stopped = message
        raise _Stop

    def start(self, name: str, attrs: dict[str, str]) -> None:
        del name, attrs
        self.elements += 1
        if self.elements > MAX_XML_ELEMENTS:
            self.stop(f"要素が多すぎます（{MAX_XML_ELEMENTS:,}個まで）")

    def end(self, name: str) -> None:
        del name

    def text(self, data: str) -> None:
        del data

    def near(self) -> str:
        """Where in the part the scan was, for a damage message."""
        return ""

    def run(self, stream: io.BufferedIOBase, problems: list[str]) -> bool:
        """Scan the stream; on damage or a cap append one problem and return False."""
        try:
            while chunk := stream.read(_CHUNK):
                self.parser.Parse(chunk, False)
            self.parser.Parse(b"", True)
        except _Stop:
            problems.append(f"{self.where}: {self.stopped}")
            return False
        except expat.ExpatError as exc:
            space = " " if self.where[-1].isascii() and not self.near() else ""
            problems.append(
                f"{self.where}{self.near()}{space}の XML が壊れています: {_expat_words(exc)}。"
                "Excel で開き直して .xlsx で保存してください"
            )
            return False
        return True


def _local(name: str) -> str:
    return name.rpartition(":")[2]


class _SharedStrings(_PartScan):
    """Counts the shared strings (cells of type s point into them) and checks their length."""

    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.count = 0
        self.length = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        super().start(name, attrs)
        if _local(name) == "si":
            self.count += 1
            self.length = 0

    def text(self, data: str) -> None:
        self.length += len(data)
        if self.length > MAX_CELL_CHARS * 2:  # the text plus its reading (ルビ)
            self.stop(f"{self.count}番目の文字列が長すぎます（{MAX_CELL_CHARS:,}文字まで）")


class _Styles(_PartScan):
    """Counts the cell formats (cellXfs) that a cell's s attribute may point to."""

    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.depth_in_xfs = 0
        self.count = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        super().start(name, attrs)
        local = _local(name)
        if local == "cellXfs":
            self.depth_in_xfs = 1
        elif self.depth_in_xfs:
            self.depth_in_xfs += 1
            if local == "xf" and self.depth_in_xfs == 2:
                self.count += 1

    def end(self, name: str) -> None:
        if self.depth_in_xfs:
            self.depth_in_xfs -= 1


class _Worksheet(_PartScan):
    """A data sheet: cell positions and counts within the caps, every value readable."""

    def __init__(
        self,
        where: str,
        problems: list[str],
        strings: int,
        styles: int | None,
        cells_before: int,
    ) -> None:
        super().__init__(where)
        self.problems = problems
        self.strings = strings
        self.styles = styles
        self.cells = cells_before
        self.row = 0
        self.column = 0
        self.last_row = 0
        self.cell: tuple[str, str, bool] | None = None  # (coordinate, type, has formula)
        self.seen = ""  # the last cell started, for a damage message
        self.value: list[str] | None = None
        self.value_length = 0
        self.inline_length = 0

    def near(self) -> str:
        return f"（セル {self.seen} の付近）" if self.seen else ""

    def bad_cell(self, message: str) -> None:
        self.problems.append(
            f"{self.where}のセル {self.cell[0] if self.cell else '?'}: {message}"
            "（ファイルが壊れています。Excel で開き直して .xlsx で保存してください）"
        )

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.elements += 1  # as _PartScan.start, inline: this runs for every cell
        if self.elements > MAX_XML_ELEMENTS:
            self.stop(f"要素が多すぎます（{MAX_XML_ELEMENTS:,}個まで）")
        local = name if ":" not in name else name.rpartition(":")[2]
        if local == "c":
            self.start_cell(attrs)
        elif local == "row":
            given = attrs.get("r")
            if given is None:
                self.row += 1
            elif given.isdigit() and 0 < int(given) <= 1_048_576:
                self.row = int(given)
            else:
                self.stop(f"行番号 '{given[:20]}' を読めません（ファイルが壊れています）")
            self.column = 0
        elif local == "v" and self.cell is not None:
            self.value = []
            self.value_length = 0
        elif local == "f" and self.cell is not None:
            self.cell = (self.cell[0], self.cell[1], True)

    def start_cell(self, attrs: dict[str, str]) -> None:
        given = attrs.get("r")
        if given is None:
            self.column += 1
            row, column = self.row, self.column
            coordinate = f"{column_letter(column)}{row}"
        else:
            match = _COORDINATE.fullmatch(given)
            if match is None:
                self.stop(f"セル番地 '{given[:20]}' を読めません（ファイルが壊れています）")
            row, column = int(match[2]), _column_number(match[1])
            self.row, self.column = row, column
            coordinate = given
        self.cell = (coordinate, attrs.get("t", "n"), False)
        self.seen = coordinate
        if row > MAX_ROWS + 1 or column > MAX_COLUMNS:
            self.stop(
                f"セル {coordinate} は表の範囲の外です（{MAX_ROWS + 1:,}行目・"
                f"{column_letter(MAX_COLUMNS)}列まで）。Excel で不要な行・列を削除してください"
            )
        self.cells += 1
        if self.cells > MAX_CELLS:
            self.stop(
                f"セルが多すぎます（ブック全体で {MAX_CELLS:,}個まで）。"
                "Excel で不要な行・列を削除してください"
            )
        self.last_row = max(self.last_row, row)
        style = attrs.get("s")
        if style is not None and not (
            style.isdigit() and (self.styles is None or int(style) < self.styles)
        ):
            self.bad_cell(f"書式の番号 '{style[:20]}' がありません")

    def text(self, data: str) -> None:
        if self.value is not None:
            self.value_length += len(data)
            if self.value_length > MAX_CELL_CHARS:
                self.stop(f"セル {self.cell[0] if self.cell else '?'} の値が長すぎます")
            self.value.append(data)
        elif self.cell is not None:
            self.inline_length += len(data)
            if self.inline_length > MAX_CELL_CHARS * 2:
                self.stop(f"セル {self.cell[0]} の文字が長すぎます（{MAX_CELL_CHARS:,}文字まで）")

    def end(self, name: str) -> None:
        local = name if ":" not in name else name.rpartition(":")[2]
        if local == "v" and self.value is not None:
            self.check_value("".join(self.value))
            self.value = None
        elif local == "c":
            self.cell = None
            self.inline_length = 0

    def check_value(self, value: str) -> None:
        """Refuse what openpyxl cannot read (it would raise) or would read as NaN/inf."""
        if self.cell is None or self.cell[2] or not value:
            return  # a formula's cached value is never read; an empty <v/> is an empty cell
        kind = self.cell[1]
        shown = value.strip()[:30]
        if kind == "n":
            if not _NUMBER.fullmatch(value) or not math.isfinite(float(value)):
                self.bad_cell(f"数値のセルの値 '{shown}' を数値として読めません")
        elif kind == "s":
            if not (value.strip().isdigit() and int(value) < self.strings):
                self.bad_cell(
                    f"文字列の番号 '{shown}' がありません（共有文字列は {self.strings}個）"
                )
        elif kind == "b":
            if value.strip() not in ("0", "1"):
                self.bad_cell(f"論理値のセルの値 '{shown}' を読めません（0 か 1）")
        elif kind == "d":
            try:
                from_ISO8601(value.strip())
            except (ValueError, TypeError, OverflowError):
                self.bad_cell(f"日付のセルの値 '{shown}' を日付として読めません")


def _resolve(base: str, target: str) -> str:
    """A relationship target as a zip member name."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _sheet_parts(archive: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Map each worksheet part to its tab title (via workbook.xml and its relationships)."""
    try:
        root = ElementTree.fromstring(archive.read("_rels/.rels"))
        workbook = next(
            _resolve("", rel.get("Target", ""))
            for rel in root.iter(f"{{{_PKG_REL_NS}}}Relationship")
            if rel.get("Type", "").endswith("/officeDocument")
        )
        if workbook not in names or _rels_name(workbook) not in names:
            return {}
        rels = ElementTree.fromstring(archive.read(_rels_name(workbook)))
        targets = {
            rel.get("Id"): _resolve(workbook, rel.get("Target", ""))
            for rel in rels.iter(f"{{{_PKG_REL_NS}}}Relationship")
        }
        book = ElementTree.fromstring(archive.read(workbook))
        return {
            targets[sheet.get(f"{{{_REL_NS}}}id")]: sheet.get("name", "")
            for sheet in book.iter(f"{{{_MAIN_NS}}}sheet")
            if sheet.get(f"{{{_REL_NS}}}id") in targets
        }
    except (KeyError, StopIteration, ElementTree.ParseError, zipfile.BadZipFile, OSError):
        return {}  # openpyxl will refuse the file; its message names no part either


def _order(name: str) -> int:
    """Scan the parts that others refer to first: relationships, styles, shared strings."""
    if name.endswith(".rels") or name == "[Content_Types].xml":
        return 0
    if name.endswith(("styles.xml", "sharedStrings.xml")):
        return 1
    return 2


def check_xlsx(
    data: bytes, label: str, is_data_sheet: Callable[[str], bool]
) -> dict[str, SheetScan]:
    """Refuse a hostile or damaged .xlsx before openpyxl opens it.

    Returns what was learned about each data sheet (keyed by tab title). Raises
    ImportProblems naming the file, the part or sheet and, where known, the cell.
    """
    broken = (
        f"ファイル「{label}」を Excel ブック（.xlsx）として読めません。"
        "壊れているか途中までしか保存されていません。Excel で開き直して .xlsx で保存してください"
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ImportProblems([broken]) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise ImportProblems(
                [
                    f"ファイル「{label}」は部品が多すぎます（{len(infos):,}個。{MAX_ZIP_MEMBERS:,}個まで）"
                ]
            )
        unpacked = sum(info.file_size for info in infos)
        if unpacked > MAX_UNPACKED_BYTES:
            raise ImportProblems(
                [
                    f"ファイル「{label}」は展開すると {unpacked:,} バイトになり、大きすぎます"
                    f"（{MAX_UNPACKED_BYTES // (1024 * 1024)}MB まで）"
                ]
            )
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_CHECKED_FROM_BYTES and ratio > MAX_COMPRESSION_RATIO:
                raise ImportProblems(
                    [
                        f"ファイル「{label}」の部品 {info.filename} は {ratio:,.0f}倍に圧縮されていて、"
                        f"Excel のブックではありえません（{MAX_COMPRESSION_RATIO}倍まで）"
                    ]
                )
        names = {info.filename for info in infos}
        titles = _sheet_parts(archive, names)
        problems = ProblemList()
        scans: dict[str, SheetScan] = {}
        strings = 0
        styles: int | None = None
        cells = 0
        parts = sorted(
            (n for n in names if n.endswith((".xml", ".rels"))), key=lambda n: (_order(n), n)
        )
        for part in parts:
            title = titles.get(part)
            if title is not None:
                where = f"シート「{title}」"
            elif part.endswith("sharedStrings.xml"):
                where = f"ファイル「{label}」の共有文字列（{part}）"
            else:
                where = f"ファイル「{label}」の部品 {part}"
            scan: _PartScan
            if part.endswith("sharedStrings.xml"):
                scan = _SharedStrings(where)
            elif part.endswith("styles.xml"):
                scan = _Styles(where)
            elif title is not None and not is_data_sheet(title):
                scan = _PartScan(where)  # 説明 or a sheet refused by name: never read
            else:
                # a data sheet, or a part not mapped to a tab (so its cells count too)
                scan = _Worksheet(where, problems, strings, styles, cells)
            try:
                with archive.open(part) as stream:
                    ok = scan.run(stream, problems)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
                problems.append(f"{where}: 圧縮データが壊れています。{broken}")
                ok = False
            if isinstance(scan, _SharedStrings) and ok:
                strings = scan.count
            elif isinstance(scan, _Styles) and ok:
                styles = scan.count
            elif isinstance(scan, _Worksheet):
                cells = scan.cells
                if title is not None:
                    scans[title] = SheetScan(scan.last_row)
                if not ok and scan.stopped and "セルが多すぎます" in scan.stopped:
                    break
        if problems:
            raise ImportProblems(problems)
    return scans
