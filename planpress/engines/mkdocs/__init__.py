"""The MkDocs engine (MkDocs 1.6 and Material): build, preview and the hooks' logic."""
