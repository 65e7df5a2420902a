"""Reading an import file: its encoding, its separator and its header."""
from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from pathlib import Path

COLUMNS = ("name", "email", "profession", "registration_body", "registration_number", "practising_since",
           "clinic_name", "address", "city", "postcode", "country", "lat", "lon", "treatments", "bio")
OPTIONAL_COLUMNS = ("registration_verified", "registration_expires",
                    "exosome_source", "exosome_routes", "coa_on_file", "endotoxin_tested")


class ImportFileError(ValueError):
    """The file as a whole cannot be read: missing, not UTF-8, empty, or missing columns."""


@lru_cache(maxsize=256)
def column_name(text: object) -> str:
    """The column a header cell names: "Clinic name " and "clinic-name" both mean clinic_name."""
    return re.sub(r"[\s\-]+", "_", str(text or "").strip().lower())


def _decode(path: Path) -> str:
    """The file's text, from UTF-8 with or without Excel's byte order mark."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise ImportFileError(f"{path}: no such file.") from error
    except OSError as error:
        raise ImportFileError(f"{path}: cannot be read ({error.strerror}).") from error
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(f"{path} is UTF-16 text; save it as “CSV UTF-8 (Comma delimited)” instead.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ImportFileError(
            f"{path} is not UTF-8 text (byte 0x{data[error.start]:02x} on line {line}). In Excel, save it "
            "as “CSV UTF-8 (Comma delimited)”; in LibreOffice, choose the UTF-8 character set.") from error


def read_rows(path: Path) -> tuple[list[dict], list[str]]:
    """Read a CSV file into row dicts (line numbers kept: blank rows stay as empty dicts).

    Returns the rows and warnings about the header; raises ImportFileError when the file
    cannot be imported at all.
    """
    text = _decode(Path(path))
    if not text.strip():
        raise ImportFileError(f"{path} is empty.")
    first = text.splitlines()[0]
    delimiter = max(",;\t", key=first.count)  # some spreadsheets in Europe write ';'
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [column_name(cell) for cell in next(reader)]
        warnings = check_header(header)
        rows = [_row(header, cells) for cells in reader]
    except csv.Error as error:
        raise ImportFileError(f"{path}, line {reader.line_num}: not readable as CSV ({error}).") from error
    return rows, warnings


def check_header(header: list[str]) -> list[str]:
    """Refuse a header with missing or repeated columns; warn about columns that will be ignored."""
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ImportFileError(f"The header is missing the column{'s' * (len(missing) > 1)} "
                              f"{', '.join(missing)}. It must name: {', '.join(COLUMNS)}.")
    repeated = sorted({c for c in header if c and header.count(c) > 1})
    if repeated:
        raise ImportFileError(f"The header names {', '.join(repeated)} more than once.")
    unknown = [c for c in header if c and c not in COLUMNS + OPTIONAL_COLUMNS]
    return [f"Ignoring the column {c!r}: it is not part of the format." for c in unknown]


def _row(header: list[str], cells: list[str]) -> dict:
    """Cells by column; extra non-empty cells are kept under None, as csv.DictReader does."""
    row = dict(zip(header, cells))
    extra = [c for c in cells[len(header):] if c.strip()]
    if extra:
        row[None] = extra
    return row
