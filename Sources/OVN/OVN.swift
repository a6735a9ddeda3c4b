// The OVN module; see ARCHITECTURE.md.
