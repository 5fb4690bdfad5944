"""File exports shared by every app: streamed CSV, formatted XLSX, PDF reports, chart images."""
