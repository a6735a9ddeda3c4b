// The SCNetAPI module; see ARCHITECTURE.md.
