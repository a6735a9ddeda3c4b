// The IPAM module; see ARCHITECTURE.md.
