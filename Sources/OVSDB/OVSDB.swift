// The OVSDB module; see ARCHITECTURE.md.
