"""CSV import: `dashtui import FILE.csv [--dry-run]` and the TUI's import preview.

rows.py reads the file, check.py applies the editor's live rules and the service's lookups,
run.py creates the rows through the outbox (resumable: ledger.py), report.py words it."""
