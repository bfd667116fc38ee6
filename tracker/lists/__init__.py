"""The official sanctions lists: formats, import into the store, history, diffs, export."""
