"""Where articles come from: paths, globs, stdin, JSON/JSONL, URLs (SSRF-safe), cluster files.
All I/O of untrusted input lives here; a bad input is one named warning, the rest is read."""
