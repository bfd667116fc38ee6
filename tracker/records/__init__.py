"""The curated records: their models, value readings, and loading from folders and workbooks."""
