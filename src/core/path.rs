//! Path reasoning: scope of each hop (internal / cross-provider / submission / local), provider
//! knowledge, per-hop verdict with its rule, the overall verdict and the caveats.
//!
//! Every conclusion names the rule that produced it and the evidence it rests on, and carries a
//! plain-language explanation (kept here, next to the rules). Wording is always "what the
//! receiving server recorded", never "secure".

pub mod scope;
pub mod strength;

use std::fmt::Write;

use serde::Serialize;

use crate::core::chain::Chain;
use crate::core::evidence;
use crate::core::intake::HeaderBlock;
use crate::core::providers::{self, Org, TlsLogging};
use crate::core::received::{ReceivedLine, eq_ci, starts_ci, trim_suffix};
use crate::core::report::{Caveat, Hop, Report, Summary};
use strength::Strength;

/// What the path reasoning concluded about one hop. `scope`, `verdict`, `reason` are the contract.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct HopAssessment {
    /// `internal` | `cross-provider` | `submission` | `local` | `unknown`.
    pub scope: String,
    /// `encrypted` | `not-encrypted` | `not-encrypted-inferred` | `not-recorded` | `internal` | `local`.
    pub verdict: String,
    /// Plain-language explanation of the verdict and the rule that produced it.
    pub reason: String,
    /// Which scope rule decided (`loopback`, `same-organisation`, `different-organisations`, …).
    pub scope_rule: String,
    /// The scope rule's general explanation.
    pub scope_explanation: String,
    /// Which verdict rule decided (`tls-recorded`, `format-marks-tls`, `provider-records-tls`, …).
    pub verdict_rule: String,
    /// The verdict's general explanation, for a non-expert.
    pub verdict_explanation: String,
    /// What the TLS facts alone say, also for internal hops: `encrypted`, `not-encrypted-inferred`,
    /// `not-recorded`, or null for local hand-offs.
    pub transport: Option<String>,
    /// Every rule an inference rests on, with its evidence (empty when nothing was inferred).
    pub inferences: Vec<Inference>,
    /// The sending side's organisation.
    pub from_org: Option<OrgRef>,
    /// The receiving side's organisation.
    pub by_org: Option<OrgRef>,
    /// How strong the recorded encryption was (only when TLS was recorded).
    pub strength: Option<Strength>,
    /// Plain words about the certificate check (only when TLS was recorded).
    pub cert_explanation: Option<String>,
    /// This line was written by a server of the recipient's organisation (trustworthy); lines
    /// below the first of those could have been written by anyone.
    pub recipient_side: bool,
    /// The sender of this hop is not the server that received the previous one: lines are
    /// missing, or the lines below were forged.
    pub chain_break: Option<String>,
}

/// An organisation as shown in the report.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct OrgRef {
    /// Provider id from the knowledge base, or the registrable domain.
    pub id: String,
    /// Short name (`Microsoft`).
    pub name: String,
    /// Full name (`Microsoft (Exchange Online / Outlook.com / Hotmail)`).
    pub full_name: String,
    /// `mailbox` | `gateway` | `sender` | `hosting` | `list` for known providers; `domain` else.
    pub kind: String,
}

/// A rule an inference rests on, and the evidence it used.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct Inference {
    pub rule: String,
    pub evidence: String,
    /// Where the rule comes from (knowledge-base source note, format research).
    pub source: String,
}

fn org_ref(org: &Option<Org>) -> Option<OrgRef> {
    org.as_ref().map(|o| match o {
        Org::Provider(id) => {
            let p = providers::provider(id);
            OrgRef {
                id: id.to_string(),
                name: o.display(),
                full_name: o.full_name(),
                kind: p.map(|p| p.kind.to_string()).unwrap_or_default(),
            }
        }
        Org::Domain(d) => OrgRef {
            id: d.clone(),
            name: d.clone(),
            full_name: d.clone(),
            kind: "domain".into(),
        },
    })
}

/// Every verdict with its plain-language explanation.
///
/// Plaintext is almost never *stated* in a Received line; it is concluded from silence in a
/// line whose writer would have shown TLS (the MTA-format rule, from the line parser's
/// `tls: false`) or whose receiving provider always records TLS (the knowledge-base rule). Both
/// give `not-encrypted-inferred`, naming the rule. `not-encrypted` is kept for a line that states
/// plaintext outright; no catalogued writer does, so it is not produced today.
pub const VERDICTS: &[(&str, &str)] = &[
    (
        "encrypted",
        "The receiving server recorded that this connection used TLS encryption.",
    ),
    (
        "not-encrypted",
        "The receiving server recorded that this connection did not use TLS.",
    ),
    (
        "not-encrypted-inferred",
        "The line has no TLS marker, and the server that wrote it is known to record TLS whenever it is used, so the connection was most likely not encrypted. This is an inference; the rule it rests on is named.",
    ),
    (
        "not-recorded",
        "The receiving server did not record whether TLS was used, and its software is not known to record it, so the headers cannot tell.",
    ),
    (
        "internal",
        "This hop stayed inside one organisation (or one machine), where TLS is not needed to keep the message off the public Internet. Any TLS recorded is still shown.",
    ),
    (
        "local",
        "Not a network connection: a hand-off between programs on one server.",
    ),
];

/// Plain explanation of a verdict.
pub fn verdict_text(verdict: &str) -> &'static str {
    VERDICTS
        .iter()
        .find(|(v, _)| *v == verdict)
        .map(|(_, t)| *t)
        .unwrap_or("")
}

/// Protocols that are not SMTP, where an SMTP provider's TLS habit says nothing.
fn non_smtp_protocol(with: Option<&str>) -> bool {
    let p = with.unwrap_or("");
    ["HTTP", "LMTP"].iter().any(|k| starts_ci(p, k))
        || ["MAPI", "NNFMP", "ME", "LOCAL"].iter().any(|k| eq_ci(p, k))
}

struct TransportVerdict {
    verdict: &'static str,
    rule: String,
    text: String,
    inferences: Vec<Inference>,
}

/// The knowledge-base rule: the receiving provider records TLS whenever it is used.
fn provider_inference(p: &providers::Provider, by_name: &str) -> Inference {
    Inference {
        rule: format!("provider-records-tls:{}", p.id),
        evidence: format!(
            "{by_name} belongs to {}, and the line has no TLS marker.",
            p.name
        ),
        source: p.source.to_string(),
    }
}

fn provider_inferred_text(p: &providers::Provider) -> String {
    format!(
        "Not encrypted (inferred: {} records TLS when used, and this line records none).",
        p.short_name()
    )
}

/// What the line's TLS facts, plus what we know of the receiving provider, say about encryption.
fn transport(line: &ReceivedLine, by_org: &Option<Org>) -> TransportVerdict {
    let by_provider = match by_org {
        Some(Org::Provider(id)) => providers::provider(id),
        _ => None,
    };
    let by_name = line
        .by_host
        .clone()
        .unwrap_or_else(|| "the receiving server".into());
    let provider_rule = by_provider.filter(|p| {
        p.tls_logging == TlsLogging::Records && !non_smtp_protocol(line.with.as_deref())
    });
    match line.tls.tls {
        Some(true) => {
            let marker = line
                .tls
                .tls_rule
                .clone()
                .unwrap_or_else(|| "tls-marker".into());
            let mut text = format!("{by_name} recorded TLS");
            let details: Vec<String> = [
                line.tls.tls_version.clone(),
                line.tls.cipher.clone(),
                line.tls.bits.map(|b| format!("{b} bits")),
            ]
            .into_iter()
            .flatten()
            .collect();
            if !details.is_empty() {
                let _ = write!(text, " ({})", details.join(", "));
            } else if let Some(with) = line.with.as_deref() {
                let _ = write!(text, " (with {with}; no version or cipher written)");
            }
            text.push('.');
            TransportVerdict {
                verdict: "encrypted",
                rule: format!("tls-recorded:{marker}"),
                text,
                inferences: Vec::new(),
            }
        }
        Some(false) => {
            let mut inferences = Vec::new();
            let format_rule = line
                .tls
                .tls_rule
                .clone()
                .unwrap_or_else(|| "format-marks-tls".into());
            if let Some(p) = provider_rule {
                inferences.push(provider_inference(p, &by_name));
            }
            inferences.push(Inference {
                rule: format!("format-marks-tls:{format_rule}"),
                evidence: format!(
                    "The line's format ({}) always shows TLS when it is used, and it shows none{}.",
                    line.tls
                        .tls_rule
                        .as_deref()
                        .map(|r| trim_suffix(r, "-marks-tls"))
                        .unwrap_or("identified by the line parser"),
                    line.with
                        .as_deref()
                        .map(|w| format!(" (with {w})"))
                        .unwrap_or_default()
                ),
                source: "docs/formats.md §4.5 (evidence rules for tls)".into(),
            });
            let text = match provider_rule {
                Some(p) => provider_inferred_text(p),
                None => format!(
                    "Not encrypted (inferred: this server's software always shows TLS when it is used, and this line shows none{}).",
                    line.with
                        .as_deref()
                        .map(|w| format!(" — it wrote \"{w}\""))
                        .unwrap_or_default()
                ),
            };
            TransportVerdict {
                verdict: "not-encrypted-inferred",
                rule: inferences[0].rule.clone(),
                text,
                inferences,
            }
        }
        None => {
            if let Some(p) = provider_rule {
                let inference = provider_inference(p, &by_name);
                return TransportVerdict {
                    verdict: "not-encrypted-inferred",
                    rule: inference.rule.clone(),
                    text: provider_inferred_text(p),
                    inferences: vec![inference],
                };
            }
            let text = match by_provider {
                Some(p) if p.tls_logging == TlsLogging::Never => {
                    format!(
                        "Not recorded: {} never writes TLS details into its lines, so the headers cannot tell.",
                        p.name
                    )
                }
                _ => format!("Not recorded: {by_name} did not write down whether TLS was used."),
            };
            TransportVerdict {
                verdict: "not-recorded",
                rule: "not-recorded".into(),
                text,
                inferences: Vec::new(),
            }
        }
    }
}

/// Plain words about the client-certificate check the receiving server recorded.
pub fn cert_explanation(line: &ReceivedLine) -> String {
    let raw = line.tls.cert_verification_raw.as_deref().unwrap_or("");
    let upper = raw.to_ascii_uppercase();
    let base = match line.tls.cert_verified {
        Some(true) => "The sending server presented a certificate and the receiving server verified it.".to_string(),
        Some(false) => "The sending server presented a certificate that the receiving server could not verify. For mail between servers this is common and does not weaken the encryption, but the sender's identity was not proven by TLS.".to_string(),
        None if upper.contains("NOT") && !upper.contains("VERIFIED") || upper.contains("NOT REQUESTED") || upper.contains("NO CLIENT CERTIFICATE REQUESTED") => {
            "The receiving server did not ask the sender for a client certificate — normal for SMTP.".to_string()
        }
        None if upper.ends_with("NO") || upper.contains("DID NOT PRESENT") => {
            "The sending server did not present a client certificate (or it was not checked) — normal for SMTP.".to_string()
        }
        None => "No certificate check was recorded — normal for SMTP, where servers rarely check each other's certificates.".to_string(),
    };
    format!(
        "{base} Note: no mail server records whether the sending server checked the receiving server's certificate; that is what MTA-STS or DANE enforce."
    )
}

/// The names of a hop's two ends, as the route shows them: each side's organisation when known,
/// else the host (and for the sender, the address) the line records.
pub fn hop_ends(hop: &Hop) -> (Option<&str>, Option<&str>) {
    let from = hop
        .assessment
        .from_org
        .as_ref()
        .map(|o| o.name.as_str())
        .or(hop.line.from_host.as_deref())
        .or(hop.line.from_ip.as_deref());
    let by = hop
        .assessment
        .by_org
        .as_ref()
        .map(|o| o.name.as_str())
        .or(hop.line.by_host.as_deref());
    (from, by)
}

fn hop_label(hop: &Hop) -> String {
    let (from, by) = hop_ends(hop);
    format!("{} → {}", from.unwrap_or("?"), by.unwrap_or("?"))
}

/// The route's groups: runs of consecutive hops received by the same organisation (hops whose
/// receiver is unidentified form runs of their own kind).
pub fn receiver_runs(hops: &[Hop]) -> impl Iterator<Item = &[Hop]> {
    fn receiver(hop: &Hop) -> Option<&str> {
        hop.assessment.by_org.as_ref().map(|o| o.id.as_str())
    }
    hops.chunk_by(|a, b| receiver(a) == receiver(b))
}

/// Assess one hop on its own.
pub fn assess_line(line: &ReceivedLine) -> HopAssessment {
    let decision = scope::decide(line);
    let t = transport(line, &decision.by_org);
    let tls_recorded = line.tls.tls == Some(true);
    let strength = tls_recorded.then(|| strength::grade(&line.tls));
    let cert = tls_recorded.then(|| cert_explanation(line));
    let scope_text = format!("{} {}", scope_sentence(decision.scope), decision.text);
    let (verdict, verdict_rule, verdict_reason, transport_field, inferences) = match decision.scope
    {
        "local" => (
            "local",
            "local".to_string(),
            String::new(),
            None,
            Vec::new(),
        ),
        "internal" => {
            let tls_note = match t.verdict {
                "encrypted" => format!(" TLS was used anyway: {}", t.text),
                "not-encrypted-inferred" => " No TLS was recorded.".to_string(),
                _ => String::new(),
            };
            (
                "internal",
                "internal".to_string(),
                format!("TLS is not needed here.{tls_note}"),
                Some(t.verdict.to_string()),
                t.inferences,
            )
        }
        _ => (
            t.verdict,
            t.rule.clone(),
            t.text.clone(),
            Some(t.verdict.to_string()),
            t.inferences,
        ),
    };
    let mut reason = scope_text;
    if !verdict_reason.is_empty() {
        reason.push(' ');
        reason.push_str(&verdict_reason);
    }
    if let Some(s) = &strength
        && decision.scope != "local"
    {
        reason.push(' ');
        reason.push_str(strength::explain_grade(&s.grade));
    }
    HopAssessment {
        scope: decision.scope.into(),
        verdict: verdict.into(),
        reason,
        scope_rule: decision.rule.into(),
        scope_explanation: scope::rule_text(decision.rule).into(),
        verdict_rule,
        verdict_explanation: verdict_text(verdict).into(),
        transport: transport_field,
        inferences,
        from_org: org_ref(&decision.from_org),
        by_org: org_ref(&decision.by_org),
        strength,
        cert_explanation: cert,
        recipient_side: false,
        chain_break: None,
    }
}

fn scope_sentence(scope: &str) -> &'static str {
    match scope {
        "internal" => "Inside one organisation:",
        "cross-provider" => "Hand-off between organisations:",
        "submission" => "Sender's submission (step 1):",
        "local" => "Local hand-off, not a network connection:",
        _ => "Unclear whether this hop crossed between organisations:",
    }
}

/// Mark the lines written by the recipient's organisation, and flag breaks in the chain.
fn mark_trust(hops: &mut [Hop]) {
    // The recipient's organisation: the receiving side of the newest hop that names one.
    let recipient = hops
        .iter()
        .rev()
        .find_map(|h| h.assessment.by_org.as_ref().map(|o| o.id.clone()));
    let mut inside = true;
    for hop in hops.iter_mut().rev() {
        if !inside {
            break;
        }
        let by = hop.assessment.by_org.as_ref().map(|o| o.id.clone());
        let ours = by.is_none() || by == recipient;
        if !ours {
            break;
        }
        hop.assessment.recipient_side = true;
        if hop.assessment.scope == "cross-provider" || hop.assessment.scope == "submission" {
            inside = false;
        }
    }
    // Chain continuity: the sender of hop n+1 should be the receiver of hop n.
    // `previous`: the position of the last non-local hop, when its receiver is identified.
    let mut previous: Option<usize> = None;
    for at in 0..hops.len() {
        let hop = &hops[at];
        if hop.assessment.scope == "local" {
            continue;
        }
        // Only facts the receiver looked up (reverse DNS, address), not the claimed HELO name.
        let from_orgs = scope::from_orgs_verified(&hop.line);
        let received_by =
            previous.and_then(|p| Some((hops[p].index, hops[p].assessment.by_org.as_ref()?)));
        if let Some((index, by)) = received_by
            && !from_orgs.is_empty()
            && !from_orgs.iter().any(|o| o.id() == by.id)
            && hop.assessment.scope != "internal"
        {
            let text = format!(
                "Hop {} came from {}, but hop {index} was received by {}: the route breaks here. Sometimes one organisation uses several names; otherwise lines are missing, or the lines below were made up.",
                hop.index,
                from_orgs[0].display(),
                by.name
            );
            hops[at].assessment.chain_break = Some(text);
        }
        previous = hops[at].assessment.by_org.is_some().then_some(at);
    }
}

/// The overall answer over the hand-offs between providers.
fn summarise(hops: &[Hop]) -> Summary {
    if hops.is_empty() {
        return Summary {
            verdict: "no-hops".into(),
            text: "No Received headers were found, so there is no route to judge.".into(),
            ..Summary::default()
        };
    }
    let relevant: Vec<&Hop> = hops
        .iter()
        .filter(|h| matches!(h.assessment.scope.as_str(), "cross-provider" | "unknown"))
        .collect();
    let handoffs: Vec<usize> = relevant.iter().map(|h| h.index).collect();
    if relevant.is_empty() {
        return Summary {
            verdict: "unknown".into(),
            text: "No hand-off between providers was recorded: every hop stayed inside one organisation or was the sender's own submission, so there is no provider-to-provider connection to judge.".into(),
            handoffs,
            ..Summary::default()
        };
    }
    let not_encrypted: Vec<&&Hop> = relevant
        .iter()
        .filter(|h| h.assessment.verdict.starts_with("not-encrypted"))
        .collect();
    let unrecorded: Vec<&&Hop> = relevant
        .iter()
        .filter(|h| h.assessment.verdict == "not-recorded")
        .collect();
    let weak: Vec<&&Hop> = relevant
        .iter()
        .filter(|h| {
            h.assessment
                .strength
                .as_ref()
                .is_some_and(|s| s.grade == "weak" || s.grade == "broken")
        })
        .collect();
    let describe = |h: &Hop| format!("hop {} ({})", h.index, hop_label(h));
    if let Some(first) = not_encrypted.first() {
        let inferred = first.assessment.verdict == "not-encrypted-inferred";
        let mut text = format!(
            "{} was not encrypted{}.",
            capitalise(&describe(first)),
            if inferred {
                format!(" (inferred: {})", inferred_clause(&first.assessment))
            } else {
                " as recorded by the receiving server".to_string()
            }
        );
        for other in not_encrypted.iter().skip(1) {
            let _ = write!(text, " Also not encrypted: {}.", describe(other));
        }
        for other in &unrecorded {
            let _ = write!(text, " Not recorded: {}.", describe(other));
        }
        return Summary {
            verdict: "not-encrypted".into(),
            text,
            hop: Some(first.index),
            hops: not_encrypted.iter().map(|h| h.index).collect(),
            handoffs,
        };
    }
    if let Some(first) = unrecorded.first() {
        let mut text = format!(
            "{} was not recorded; we cannot tell whether it was encrypted.",
            capitalise(&describe(first))
        );
        let encrypted = relevant.len() - unrecorded.len();
        if encrypted > 0 {
            let _ = write!(
                text,
                " The other {encrypted} hand-off(s) between providers were recorded as encrypted."
            );
        }
        return Summary {
            verdict: "unknown".into(),
            text,
            hop: Some(first.index),
            hops: unrecorded.iter().map(|h| h.index).collect(),
            handoffs,
        };
    }
    let mut text = if relevant.len() == 1 {
        format!(
            "The hand-off between providers, {}, was encrypted, as recorded by the receiving server.",
            describe(relevant[0])
        )
    } else {
        format!(
            "Every hand-off between providers ({}) was encrypted, as recorded by the receiving servers.",
            relevant
                .iter()
                .map(|h| format!("hop {}", h.index))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    for w in &weak {
        let _ = write!(
            text,
            " {} used {} encryption.",
            capitalise(&describe(w)),
            w.assessment
                .strength
                .as_ref()
                .map(|s| s.grade.as_str())
                .unwrap_or("weak")
        );
    }
    Summary {
        verdict: "encrypted".into(),
        text,
        hop: None,
        hops: weak.iter().map(|h| h.index).collect(),
        handoffs,
    }
}

/// The rule behind a "not encrypted (inferred)" verdict, in words.
fn inferred_clause(assessment: &HopAssessment) -> String {
    let rule = assessment
        .inferences
        .first()
        .map(|i| i.rule.as_str())
        .unwrap_or("");
    if let Some(id) = rule.strip_prefix("provider-records-tls:") {
        let name = providers::provider(id)
            .map(|p| p.short_name().to_string())
            .unwrap_or(id.to_string());
        format!("{name} records TLS when used, and this line records none")
    } else {
        "the receiving server's software always shows TLS when it is used, and this line shows none"
            .to_string()
    }
}

/// Our own English phrases start with an ASCII letter, so ASCII case mapping is enough (and
/// needs no Unicode case tables).
fn capitalise(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// The caveats the verdict depends on, worded for this route.
fn caveats(hops: &[Hop], tls_required_no: bool) -> Vec<Caveat> {
    let mut out = Vec::new();
    let submission = hops.iter().find(|h| h.assessment.scope == "submission");
    let submission_text = match submission {
        Some(h) => {
            let how = match h.assessment.verdict.as_str() {
                "encrypted" => "was recorded as encrypted",
                "not-encrypted" | "not-encrypted-inferred" => "was not encrypted",
                _ => "was not recorded either way",
            };
            format!(
                "Hop {} is the sender's own submission ({}); it {how}. It is the sender's connection to their provider, not a hand-off between providers, so it does not change the overall answer.",
                h.index,
                hop_label(h)
            )
        }
        None => "The headers do not show how the sender's device handed the message to its mail server. Webmail and mail apps that submit over HTTPS usually leave no trace here, so nothing can be said about step 1 from these headers.".into(),
    };
    out.push(Caveat {
        id: "submission".into(),
        title: "Step 1: sender to their mail server".into(),
        text: submission_text,
    });
    out.push(Caveat {
        id: "retrieval".into(),
        title: "Step 3: recipient's mail server to their device".into(),
        text: "How the recipient later read the message (IMAP, POP, webmail, a phone app) is never recorded in Received headers; it depends on the recipient's own connection to their provider.".into(),
    });
    if let Some(first_trusted) = hops.iter().find(|h| h.assessment.recipient_side) {
        let below = first_trusted.index.saturating_sub(1);
        if below > 0 {
            out.push(Caveat {
                id: "forgeable".into(),
                title: "Lines that could be forged".into(),
                text: format!(
                    "{} written by the recipient's own servers ({}); {} as reliable as that organisation. {} written before the message reached the recipient's organisation: anyone who sends a message can add lines there, including lines that claim encryption.",
                    if first_trusted.index == hops.len() {
                        format!("Hop {} was", first_trusted.index)
                    } else {
                        format!("Hops {}–{} were", first_trusted.index, hops.len())
                    },
                    first_trusted
                        .assessment
                        .by_org
                        .as_ref()
                        .map(|o| o.name.clone())
                        .or_else(|| first_trusted.line.by_host.clone())
                        .unwrap_or_else(|| "?".into()),
                    if first_trusted.index == hops.len() { "it is" } else { "they are" },
                    if below == 1 {
                        "Hop 1 was".to_string()
                    } else {
                        format!("Hops 1–{below} were")
                    }
                ),
            });
        }
    }
    if hops.iter().any(|h| h.assessment.chain_break.is_some()) {
        out.push(Caveat {
            id: "chain-break".into(),
            title: "The route breaks".into(),
            text: "At least one hop did not come from the server that received the previous one (see the hop). Lines are missing there, or the lines below it were made up.".into(),
        });
    }
    if tls_required_no {
        out.push(Caveat {
            id: "tls-required-no".into(),
            title: "Sender waived TLS requirements".into(),
            text: "The message carries \"TLS-Required: No\" (RFC 8689): the sender asked servers to deliver it even where the recipient's policy (MTA-STS, DANE) demands verified TLS.".into(),
        });
    }
    out.push(Caveat {
        id: "storage".into(),
        title: "TLS protects transit, not storage".into(),
        text: "TLS only protects a message while it travels between two servers. Each server stores it readable, and every server on the route could read it. Protection end to end needs the message itself encrypted: S/MIME, OpenPGP, or a secure portal / encrypted-delivery service.".into(),
    });
    out
}

/// Reason over the whole path. Total: never panics.
pub fn assess(block: HeaderBlock, chain: Chain) -> Report {
    let mut hops: Vec<Hop> = chain
        .hops
        .into_iter()
        .map(|h| {
            let assessment = assess_line(&h.line);
            Hop {
                index: h.index,
                received_index: h.received_index,
                line: h.line,
                delay_seconds: h.delay_seconds,
                assessment,
            }
        })
        .collect();
    mark_trust(&mut hops);
    let message = evidence::message_info(&block.fields);
    let authentication = evidence::authentication(&block.fields);
    let mut diagnostics = block.diagnostics;
    diagnostics.extend(chain.diagnostics);
    if hops.is_empty() {
        diagnostics.push("No Received headers found.".into());
    }
    for h in &hops {
        if let Some(b) = &h.assessment.chain_break {
            diagnostics.push(b.clone());
        }
    }
    let summary = summarise(&hops);
    let caveats = if hops.is_empty() {
        Vec::new()
    } else {
        caveats(&hops, message.tls_required_no)
    };
    Report {
        hops,
        summary,
        diagnostics,
        message,
        authentication,
        caveats,
        total_transit_seconds: chain.total_transit_seconds,
        headers: block.fields,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::analyze;

    #[test]
    fn no_received_lines_gives_no_hops_and_no_caveats() {
        let report = analyze(b"Subject: hello\nFrom: a@example.com\n\nbody\n");
        assert_eq!(report.summary.verdict, "no-hops");
        assert!(report.caveats.is_empty());
        assert!(report.diagnostics.iter().any(|d| d.contains("No Received")));
    }

    #[test]
    fn every_verdict_and_hop_carries_its_explanation() {
        let report = analyze(
            b"Received: from mx.a.example (mx.a.example [192.0.2.1]) by mx.b.example (Postfix) with ESMTP id 1; Mon, 7 Sep 2020 15:43:40 +0000\n",
        );
        for (verdict, text) in VERDICTS {
            assert!(!text.is_empty(), "{verdict}");
        }
        let hop = &report.hops[0].assessment;
        assert_eq!(hop.scope, "cross-provider");
        assert_eq!(hop.verdict, "not-encrypted-inferred");
        assert_eq!(
            hop.verdict_explanation,
            verdict_text("not-encrypted-inferred")
        );
        assert!(!hop.scope_explanation.is_empty());
        assert_eq!(hop.inferences[0].rule, "format-marks-tls:postfix-marks-tls");
        assert_eq!(report.summary.hop, Some(1));
        let ids: Vec<&str> = report.caveats.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["submission", "retrieval", "storage"]);
    }

    #[test]
    fn route_groups_are_runs_of_one_receiving_organisation() {
        let hop = |index: usize, by: Option<&str>| Hop {
            index,
            assessment: HopAssessment {
                by_org: by.map(|id| OrgRef {
                    id: id.into(),
                    ..OrgRef::default()
                }),
                ..HopAssessment::default()
            },
            ..Hop::default()
        };
        let hops = [
            hop(1, Some("google")),
            hop(2, Some("google")),
            hop(3, None),
            hop(4, Some("example.com")),
            hop(5, Some("google")),
        ];
        let runs: Vec<Vec<usize>> = receiver_runs(&hops)
            .map(|run| run.iter().map(|h| h.index).collect())
            .collect();
        assert_eq!(runs, [vec![1, 2], vec![3], vec![4], vec![5]]);
        assert_eq!(receiver_runs(&[]).count(), 0);
    }

    #[test]
    fn certificate_wording() {
        let mut line = ReceivedLine::default();
        let cases: &[(Option<bool>, Option<&str>, &str)] = &[
            (
                None,
                Some("verify=NOT"),
                "did not ask the sender for a client certificate",
            ),
            (
                None,
                Some("No client certificate requested"),
                "did not ask the sender",
            ),
            (
                None,
                Some("verify=NO"),
                "did not present a client certificate",
            ),
            (Some(true), Some("verify=OK"), "verified it"),
            (Some(false), Some("not verified"), "could not verify"),
            (None, None, "No certificate check was recorded"),
        ];
        for (verified, raw, want) in cases {
            line.tls.cert_verified = *verified;
            line.tls.cert_verification_raw = raw.map(str::to_string);
            let text = cert_explanation(&line);
            assert!(text.contains(want), "{raw:?}: {text}");
        }
    }
}
