//! The shared `check` helper: compares expected JSON fields with the report's. (Stub.)
