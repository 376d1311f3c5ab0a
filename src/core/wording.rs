//! Every word the report and the page show for a domain value, produced from the enums of
//! [`crate::core::model`] by exhaustive matches: a new verdict, scope, grade or rule does not
//! compile until it has its words here.

use crate::core::model::{
    Grade, Hop, OrgKind, Provenance, Scope, ScopeRule, SummaryVerdict, Verdict,
};

/// Plain explanation of a verdict, for a non-expert.
pub fn verdict_explanation(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Encrypted => {
            "The receiving server recorded that this connection used TLS encryption."
        }
        Verdict::NotEncrypted => {
            "The receiving server recorded that this connection did not use TLS."
        }
        Verdict::NotEncryptedInferred => {
            "The line has no TLS marker, and the server that wrote it is known to record TLS whenever it is used, so the connection was most likely not encrypted. This is an inference; the rule it rests on is named."
        }
        Verdict::NotRecorded => {
            "The receiving server did not record whether TLS was used, and its software is not known to record it, so the headers cannot tell."
        }
        Verdict::Internal => {
            "This hop stayed inside one organisation (or one machine), where TLS is not needed to keep the message off the public Internet. Any TLS recorded is still shown."
        }
        Verdict::Local => "Not a network connection: a hand-off between programs on one server.",
    }
}

/// A hop's verdict in a few words (tables, route, exports).
pub fn verdict_label(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Encrypted => "encrypted",
        Verdict::NotEncrypted => "not encrypted",
        Verdict::NotEncryptedInferred => "probably not encrypted",
        Verdict::NotRecorded => "not recorded",
        Verdict::Internal => "internal",
        Verdict::Local => "local hand-off",
    }
}

/// The overall verdict in a few words.
pub fn summary_label(verdict: SummaryVerdict) -> &'static str {
    match verdict {
        SummaryVerdict::Encrypted => "encrypted",
        SummaryVerdict::NotEncrypted => "not encrypted",
        SummaryVerdict::Unknown => "partly unknown",
        SummaryVerdict::NoHops => "no hops found",
    }
}

/// Headline and short explanation for the overall verdict.
pub fn summary_headline(verdict: SummaryVerdict) -> (&'static str, &'static str) {
    match verdict {
        SummaryVerdict::Encrypted => (
            "Encrypted in transit",
            "Every hand-off between organisations was recorded with TLS.",
        ),
        SummaryVerdict::NotEncrypted => (
            "Not encrypted on at least one hand-off",
            "At least one server recorded (or is known to record) a connection without TLS.",
        ),
        SummaryVerdict::Unknown => (
            "Partly unknown",
            "At least one hand-off did not record whether TLS was used.",
        ),
        SummaryVerdict::NoHops => (
            "No route found",
            "There is no Received header to read. Paste the full headers, not only From/To/Subject.",
        ),
    }
}

/// What kind of organisation, in words.
pub fn org_kind_words(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::Mailbox => "mailbox provider",
        OrgKind::Gateway => "security gateway",
        OrgKind::Sender => "sending service",
        OrgKind::Hosting => "hosting provider",
        OrgKind::List => "mailing list",
        OrgKind::Domain => "domain",
    }
}

/// Whose record a hop's line is, in plain words.
pub fn provenance_words(provenance: Provenance) -> &'static str {
    match provenance {
        Provenance::RecordedByRecipientSide => "recorded by the recipient's provider",
        Provenance::RecordedUpstream => "recorded upstream, before the recipient's provider",
        Provenance::AfterChainBreak => "claimed by the sender's side (below a break in the chain)",
    }
}

/// The opening of a hop's reason: which kind of hop it is.
pub fn scope_sentence(scope: Scope) -> &'static str {
    match scope {
        Scope::Internal => "Inside one organisation:",
        Scope::CrossProvider => "Hand-off between organisations:",
        Scope::Submission => "Sender's submission (step 1):",
        Scope::Local => "Local hand-off, not a network connection:",
        Scope::Unknown => "Unclear whether this hop crossed between organisations:",
    }
}

/// Plain explanation of a scope rule.
pub fn scope_rule_explanation(rule: ScopeRule) -> &'static str {
    match rule {
        ScopeRule::NonTransfer => {
            "The line records a hand-off inside one machine (a program passing the message to the mail server, a list expansion, a filter's bookkeeping), not a network connection."
        }
        ScopeRule::NoSender => {
            "The line names only the receiving server and no sending peer: a server's own processing stamp, not a connection from another organisation."
        }
        ScopeRule::ApiInjection => {
            "A message handed to a provider through its web interface or API (HTTP). This is the sender's step 1, not a hand-off between providers."
        }
        ScopeRule::LocalDelivery => {
            "LMTP or local delivery: the last step from the mail server into the recipient's mailbox, inside one organisation."
        }
        ScopeRule::SameHost => {
            "The sending and receiving host are the same machine (for example a server passing mail through a content filter and back)."
        }
        ScopeRule::Loopback => {
            "The message came from the loopback address, so it never left the machine."
        }
        ScopeRule::LocalName => {
            "The sending side calls itself a local component (localhost, a content filter such as amavis or Proofpoint's pps.filterd, a unix socket): a hand-off inside one site."
        }
        ScopeRule::SameOrganisation => {
            "Both ends belong to one organisation (the same provider, or the same registrable domain), so the hop stays inside it."
        }
        ScopeRule::DifferentOrganisations => {
            "The two ends belong to different organisations: this is a hand-off between providers, the hop whose encryption matters."
        }
        ScopeRule::PrivateAddress => {
            "The sender's address is in a private, shared or link-local range that is not routed on the public Internet, so the hop ran inside one organisation's network."
        }
        ScopeRule::ClientAccess => {
            "An Outlook client (mapi) talking to its own mailbox server inside one organisation."
        }
        ScopeRule::AuthenticatedSubmission => {
            "The sender logged in (SMTP AUTH: ESMTPA/ESMTPSA): a mail program or device handing the message to its own provider, the sender's step 1."
        }
        ScopeRule::SenderIngress => {
            "The sender handed the message to its sending service (a bulk or transactional mail provider). This is the sender's step 1, not a hand-off between providers."
        }
        ScopeRule::PublicSender => {
            "The message arrived from a public Internet address that is not the receiving organisation's: a hand-off between organisations."
        }
        ScopeRule::Insufficient => {
            "The line does not say enough about the sending side to tell whether the hop stayed inside one organisation."
        }
    }
}

/// Plain-language meaning of a strength grade.
pub fn grade_explanation(grade: Grade) -> &'static str {
    match grade {
        Grade::Strong => {
            "Strong: a current TLS version with forward secrecy and authenticated encryption."
        }
        Grade::Acceptable => {
            "Acceptable: nothing known to be weak was recorded, but not every property of a strong session is shown."
        }
        Grade::Weak => {
            "Weak: the session used a deprecated protocol or cipher (see the reasons); it was encrypted, but not to today's standard."
        }
        Grade::Broken => {
            "Broken: the protocol or cipher offers no real protection against a capable attacker."
        }
        Grade::Unknown => {
            "Unknown strength: the server recorded that TLS was used, but not which version or cipher."
        }
    }
}

/// The TLS fact in words: `yes`, `no`, `not stated` (the page's DOM contract uses the same words).
pub fn tls_word(tls: Option<bool>) -> &'static str {
    match tls {
        Some(true) => "yes",
        Some(false) => "no",
        None => "not stated",
    }
}

/// A delay in plain units: `4 s`, `3 min 5 s`, `2 h 1 min`, `1 d 3 h`, `-7 s` (clock skew).
pub fn format_delay(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    match s {
        0..=59 => format!("{sign}{s} s"),
        60..=3_599 => format!("{sign}{} min {} s", s / 60, s % 60),
        3_600..=86_399 => format!("{sign}{} h {} min", s / 3600, s % 3600 / 60),
        _ => format!("{sign}{} d {} h", s / 86_400, s % 86_400 / 3600),
    }
}

/// `Gmail → Microsoft` for a hop: each side's organisation when known, else what the receiver
/// recorded of the sender (its reverse-DNS name, its address) before the name the sender gave
/// itself, which is only a claim.
pub fn hop_label(hop: &Hop) -> String {
    let from = hop
        .assessment
        .from_org
        .as_ref()
        .map(|o| o.name.as_str())
        .or(hop.line.from_rdns.as_deref())
        .or(hop.line.from_ip.as_deref())
        .or(hop.line.from_host.as_deref())
        .unwrap_or("unnamed sender");
    let by = hop
        .assessment
        .by_org
        .as_ref()
        .map(|o| o.name.as_str())
        .or(hop.line.by_host.as_deref())
        .unwrap_or("unnamed server");
    format!("{from} → {by}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_read_in_plain_units() {
        let cases = [
            (0, "0 s"),
            (59, "59 s"),
            (60, "1 min 0 s"),
            (185, "3 min 5 s"),
            (3_660, "1 h 1 min"),
            (90_000, "1 d 1 h"),
            (-7, "-7 s"),
        ];
        for (seconds, want) in cases {
            assert_eq!(format_delay(seconds), want);
        }
    }
}
