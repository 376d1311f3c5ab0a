//! Every place where the views look at a word of the core's report (a verdict, a scope, a grade,
//! an organisation kind) and decide what to show. Kept together so the views compare no core
//! strings of their own: when the core's fields become enums, this file is what changes.

use crate::core::Hop;

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
    /// The icon for a verdict (of a hop or of the whole message).
    pub fn of_verdict(verdict: &str) -> Lock {
        match verdict {
            "encrypted" => Lock::Locked,
            "not-encrypted" | "not-encrypted-inferred" => Lock::Open,
            "internal" | "local" => Lock::Internal,
            _ => Lock::Unknown,
        }
    }

    /// The icon of one hop: recorded TLS shows the closed lock also on an internal hop.
    pub fn of_hop(hop: &Hop) -> Lock {
        match hop.line.tls.tls {
            Some(true) => Lock::Locked,
            _ => Lock::of_verdict(&hop.assessment.verdict),
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

/// Headline and short explanation for the overall verdict (`Summary::verdict`).
pub(crate) fn headline(verdict: &str) -> (&'static str, &'static str) {
    match verdict {
        "encrypted" => (
            "Encrypted in transit",
            "Every hand-off between organisations was recorded with TLS.",
        ),
        "not-encrypted" => (
            "Not encrypted on at least one hand-off",
            "At least one server recorded (or is known to record) a connection without TLS.",
        ),
        "unknown" => (
            "Partly unknown",
            "At least one hand-off did not record whether TLS was used.",
        ),
        "no-hops" => (
            "No route found",
            "There is no Received header to read. Paste the full headers, not only From/To/Subject.",
        ),
        _ => ("Unknown", ""),
    }
}

/// Whether a hop hands the message from one organisation to another.
pub(crate) fn is_handoff(hop: &Hop) -> bool {
    hop.assessment.scope == "cross-provider"
}

/// What kind of organisation received a group of hops, in words (`""` for none).
pub(crate) fn org_kind_words(kind: &str) -> &'static str {
    match kind {
        "mailbox" => "mailbox provider",
        "gateway" => "security gateway",
        "sender" => "sending service",
        "hosting" => "hosting provider",
        "list" => "mailing list",
        "domain" => "domain",
        _ => "",
    }
}

/// A strength grade worth showing beside the TLS word (`unknown` says nothing).
pub(crate) fn shown_grade(hop: &Hop) -> Option<&str> {
    hop.assessment
        .strength
        .as_ref()
        .map(|s| s.grade.as_str())
        .filter(|g| *g != "unknown")
}

/// The order of strength grades in the sortable table, weakest first (`-1`: no grade).
pub(crate) fn grade_rank(hop: &Hop) -> i64 {
    let grade = hop.assessment.strength.as_ref().map(|s| s.grade.as_str());
    ["broken", "weak", "unknown", "acceptable", "strong"]
        .iter()
        .position(|g| Some(*g) == grade)
        .map_or(-1, |r| r as i64)
}
