//! What the views decide from the report's domain values (icons, headline, hand-off, grade
//! order), by exhaustive matches on the core's enums.

use crate::core::{Grade, Hop, OrgKind, Scope, SummaryVerdict, Verdict};

/// The four icons of the page: what was recorded on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lock {
    /// A closed padlock: the receiving server recorded TLS.
    Locked,
    /// An open padlock: recorded (or reliably implied) without TLS.
    Open,
    /// A question mark: not recorded.
    Unknown,
    /// A building: a step inside one organisation or one machine.
    Internal,
}

impl Lock {
    /// The icon for a hop's verdict.
    pub fn of_verdict(verdict: Verdict) -> Lock {
        match verdict {
            Verdict::Encrypted => Lock::Locked,
            Verdict::NotEncrypted | Verdict::NotEncryptedInferred => Lock::Open,
            Verdict::Internal | Verdict::Local => Lock::Internal,
            Verdict::NotRecorded => Lock::Unknown,
        }
    }

    /// The icon for the overall verdict.
    pub fn of_summary(verdict: SummaryVerdict) -> Lock {
        match verdict {
            SummaryVerdict::Encrypted => Lock::Locked,
            SummaryVerdict::NotEncrypted => Lock::Open,
            SummaryVerdict::Unknown | SummaryVerdict::NoHops => Lock::Unknown,
        }
    }

    /// The icon of one hop: recorded TLS shows the closed lock also on an internal hop.
    pub fn of_hop(hop: &Hop) -> Lock {
        match hop.line.tls.tls {
            Some(true) => Lock::Locked,
            _ => Lock::of_verdict(hop.assessment.verdict),
        }
    }

    /// The name used in class names (`icon-locked`, `hop-open`, `badge-internal`).
    pub fn name(self) -> &'static str {
        match self {
            Lock::Locked => "locked",
            Lock::Open => "open",
            Lock::Unknown => "unknown",
            Lock::Internal => "internal",
        }
    }
}

/// Whether a hop hands the message from one organisation to another.
pub(crate) fn is_handoff(hop: &Hop) -> bool {
    hop.assessment.scope == Scope::CrossProvider
}

/// A strength grade worth showing beside the TLS word (`unknown` says nothing).
pub(crate) fn shown_grade(hop: &Hop) -> Option<&'static str> {
    hop.assessment
        .strength
        .as_ref()
        .map(|s| s.grade)
        .filter(|g| *g != Grade::Unknown)
        .map(Grade::as_str)
}

/// The order of strength grades in the sortable table, weakest first (`-1`: no grade).
pub(crate) fn grade_rank(hop: &Hop) -> i64 {
    hop.assessment
        .strength
        .as_ref()
        .map_or(-1, |s| s.grade as i64)
}

/// What kind of organisation received a group of hops, in words (`""` for none).
pub(crate) fn org_kind_words(kind: Option<OrgKind>) -> &'static str {
    kind.map_or("", crate::core::wording::org_kind_words)
}

/// `3.2 MB`, `12 KB` (integer arithmetic: no float formatting code in the wasm); from 1000 KB
/// on in MB, so a size just under 1 MiB reads `1.0 MB`.
pub(crate) fn size_words(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= 1000 * 1024 {
        let tenths = (bytes * 10 + MB / 2) / MB;
        format!("{}.{} MB", tenths / 10, tenths % 10)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}
