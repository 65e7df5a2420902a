"""Onboard practitioners from a spreadsheet: `flask --app app import-practitioners FILE.csv`.

`import_rows` holds the rules and is what tests call; the command only reads the file and prints
the report. The file format, and what happens to bad rows, is in docs/import-format.md.

- `reading`: the file's encoding, separator and header;
- `parsing` and `checks`: each cell, then each row, then rows of one practitioner together;
- `save`: one practitioner's account, profile, clinics, treatments, registration and audit trail;
- `batches`: `import_rows`, saving practitioners many to a transaction;
- `cli`: the command, its progress bars and report.
"""
from importer.batches import import_rows
from importer.cli import import_practitioners_command
from importer.parsing import RowProblem
from importer.reading import COLUMNS, OPTIONAL_COLUMNS, ImportFileError, read_rows
from importer.report import ImportReport

__all__ = ["COLUMNS", "OPTIONAL_COLUMNS", "ImportFileError", "ImportReport", "RowProblem",
           "import_practitioners_command", "import_rows", "read_rows"]
