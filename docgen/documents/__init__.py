"""Document types: one module per type, each defining a DocumentModel subclass."""
