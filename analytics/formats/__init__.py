"""Report writers: terminal table, JSON, tidy CSV, XLSX, self-contained HTML, SAC return."""
