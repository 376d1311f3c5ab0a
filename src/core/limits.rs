//! The caps on the work one input can cause. Each is reported in plain words when hit; every
//! step of the analysis is a single pass within them.

/// Header-section bytes analysed at most (1 MiB). Real header sections are a few KiB.
pub const MAX_HEADER_BYTES: usize = 1024 * 1024;
/// Header fields kept at most.
pub const MAX_FIELDS: usize = 5_000;
/// Received fields kept at most (hops). Real messages have fewer than 30.
pub const MAX_RECEIVED: usize = 500;
/// Longest Received field analysed (bytes). Real fields are under 2 KiB; anything longer is cut
/// so hostile input cannot make per-line work large. The cut is reported as a diagnostic.
pub const MAX_FIELD_BYTES: usize = 16 * 1024;

/// The caps as one value. [`Limits::DEFAULT`] is what [`crate::analyze`] uses (the constants
/// above); the benchmark lifts them ([`Limits::NONE`]) to show that the analysis itself is
/// linear in the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Input bytes searched for the header section.
    pub header_bytes: usize,
    /// Header fields kept.
    pub fields: usize,
    /// Received fields kept (hops).
    pub received: usize,
    /// Bytes of one Received field analysed.
    pub field_bytes: usize,
}

impl Limits {
    /// The product's limits.
    pub const DEFAULT: Limits = Limits {
        header_bytes: MAX_HEADER_BYTES,
        fields: MAX_FIELDS,
        received: MAX_RECEIVED,
        field_bytes: MAX_FIELD_BYTES,
    };
    /// No caps at all (benchmarks and tests only: work then grows with the input).
    pub const NONE: Limits = Limits {
        header_bytes: usize::MAX,
        fields: usize::MAX,
        received: usize::MAX,
        field_bytes: usize::MAX,
    };
}
