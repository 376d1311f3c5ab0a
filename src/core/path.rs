//! Path reasoning: scope of each hop (internal / cross-provider / submission / local), provider
//! knowledge, per-hop verdict with its rule, the overall verdict and the caveats.
//!
//! Every conclusion names the rule that produced it and the evidence it rests on, and carries a
//! plain-language explanation (kept here, next to the rules). Wording is always "what the
//! receiving server recorded", never "secure".

pub mod scope;
pub mod strength;

use std::fmt::Write;

use crate::core::ascii::{eq_ci, starts_ci};
use crate::core::chain::ChainHop;
use crate::core::model::{
    Caveat, CaveatId, Diagnostic, DiagnosticCode, Hop, HopAssessment, Inference, M365Entry,
    Microsoft365, OrgKind, OrgRef, Provenance, ReceivedLine, Rule, Scope, ScopeRule, Summary,
    SummaryVerdict, TlsRule, Trust, Verdict, VerdictSource, Witness, WitnessReport, WitnessTarget,
};
use crate::core::providers::{self, Org, TlsLogging};
use crate::core::wording::{
    grade_explanation, hop_label, scope_rule_explanation, scope_sentence, verdict_explanation,
};

fn org_ref(org: &Option<Org>) -> Option<OrgRef> {
    org.as_ref().map(|o| match o {
        Org::Provider(id) => {
            let p = providers::provider(id);
            OrgRef {
                id: id.to_string(),
                name: o.display(),
                full_name: o.full_name(),
                kind: p.map_or(OrgKind::Domain, |p| p.kind),
            }
        }
        Org::Domain(d) => OrgRef {
            id: d.clone(),
            name: d.clone(),
            full_name: d.clone(),
            kind: OrgKind::Domain,
        },
    })
}

/// Protocols that are not SMTP, where an SMTP provider's TLS habit says nothing.
fn non_smtp_protocol(with: Option<&str>) -> bool {
    let p = with.unwrap_or("");
    ["HTTP", "LMTP"].iter().any(|k| starts_ci(p, k))
        || ["MAPI", "NNFMP", "ME", "LOCAL"].iter().any(|k| eq_ci(p, k))
}

struct TransportVerdict {
    verdict: Verdict,
    rule: Rule,
    text: String,
    inferences: Vec<Inference>,
}

/// The knowledge-base rule: the receiving provider records TLS whenever it is used.
fn provider_inference(p: &providers::Provider, by_name: &str) -> Inference {
    Inference {
        rule: Rule::ProviderRecordsTls(p.id),
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
            // Every positive dialect rule names itself; a line built by hand may not.
            let marker = line.tls.tls_rule.unwrap_or(TlsRule::ProtocolTlsS);
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
                verdict: Verdict::Encrypted,
                rule: Rule::TlsRecorded(marker),
                text,
                inferences: Vec::new(),
            }
        }
        Some(false) => {
            let mut inferences = Vec::new();
            let writer = match line.tls.tls_rule {
                Some(TlsRule::WriterMarksTls(writer)) => Some(writer),
                _ => None,
            };
            if let Some(p) = provider_rule {
                inferences.push(provider_inference(p, &by_name));
            }
            inferences.push(Inference {
                rule: Rule::FormatMarksTls(writer),
                evidence: format!(
                    "The line's format ({}) always shows TLS when it is used, and it shows none{}.",
                    writer.map_or("identified by the line parser", |w| w.as_str()),
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
                verdict: Verdict::NotEncryptedInferred,
                rule: inferences[0].rule,
                text,
                inferences,
            }
        }
        None => {
            if let Some(p) = provider_rule {
                let inference = provider_inference(p, &by_name);
                return TransportVerdict {
                    verdict: Verdict::NotEncryptedInferred,
                    rule: inference.rule,
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
                verdict: Verdict::NotRecorded,
                rule: Rule::NotRecorded,
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
    assess_in_chain(line, false)
}

/// Assess one hop; `chained`: its sender names the organisation of the previous hop's receiver
/// ([`scope::decide_in_chain`]).
fn assess_in_chain(line: &ReceivedLine, chained: bool) -> HopAssessment {
    let decision = scope::decide_in_chain(line, chained);
    let scope = decision.rule.scope();
    let t = transport(line, &decision.by_org);
    let tls_recorded = line.tls.tls == Some(true);
    let strength = tls_recorded.then(|| strength::grade(&line.tls));
    let cert = tls_recorded.then(|| cert_explanation(line));
    let scope_text = format!("{} {}", scope_sentence(scope), decision.text);
    let (verdict, verdict_rule, verdict_reason, transport_field, inferences) = match scope {
        Scope::Local => (Verdict::Local, Rule::Local, String::new(), None, Vec::new()),
        Scope::Internal => {
            let tls_note = match t.verdict {
                Verdict::Encrypted => format!(" TLS was used anyway: {}", t.text),
                Verdict::NotEncryptedInferred => " No TLS was recorded.".to_string(),
                _ => String::new(),
            };
            (
                Verdict::Internal,
                Rule::Internal,
                format!("TLS is not needed here.{tls_note}"),
                Some(t.verdict),
                t.inferences,
            )
        }
        Scope::CrossProvider | Scope::Submission | Scope::Unknown => {
            (t.verdict, t.rule, t.text, Some(t.verdict), t.inferences)
        }
    };
    let mut reason = scope_text;
    if !verdict_reason.is_empty() {
        reason.push(' ');
        reason.push_str(&verdict_reason);
    }
    if let Some(s) = &strength
        && scope != Scope::Local
    {
        reason.push(' ');
        reason.push_str(grade_explanation(s.grade));
    }
    HopAssessment {
        scope,
        verdict,
        reason,
        scope_rule: decision.rule,
        scope_explanation: scope_rule_explanation(decision.rule).into(),
        verdict_rule,
        verdict_explanation: verdict_explanation(verdict).into(),
        transport: transport_field,
        inferences,
        from_org: org_ref(&decision.from_org),
        by_org: org_ref(&decision.by_org),
        strength,
        cert_explanation: cert,
        recipient_side: false,
        chain_break: None,
        provenance: Provenance::RecordedByRecipientSide,
        carried_by: carried_by(scope, decision.rule, &decision.from_org, &decision.by_org),
        witnesses: Vec::new(),
        verdict_source: VerdictSource::Received,
    }
}

/// `from` (the name a sender gave) belongs to the organisation of `by` (the name the previous
/// hop's receiver wrote for itself): the chain of records supports the claim. A forged line
/// below would have to name the same organisation as its receiver, which the lines a sender adds
/// to reach a provider's front door (`from hotmail.com (147.91.36.2) by …outlook.com`) do not.
fn same_organisation(from: &str, by: &str) -> bool {
    providers::org_of_host(from).is_some_and(|o| Some(o) == providers::org_of_host(by))
}

/// The multi-tenant provider a hop stays inside: both ends are servers of one mailbox provider or
/// gateway (not merely one registrable domain, which is one organisation's own network).
fn carried_by(
    scope: Scope,
    rule: ScopeRule,
    from: &Option<Org>,
    by: &Option<Org>,
) -> Option<String> {
    match (from, by) {
        (Some(Org::Provider(f)), Some(Org::Provider(b)))
            if scope == Scope::Internal && rule == ScopeRule::SameOrganisation && f == b =>
        {
            providers::provider(b)
                .filter(|p| matches!(p.kind, OrgKind::Mailbox | OrgKind::Gateway))
                .map(|p| p.id.to_string())
        }
        _ => None,
    }
}

/// Every hop of the chain assessed, then read together: which lines the recipient's side
/// wrote, and where the chain breaks.
pub fn assess_hops(chain: Vec<ChainHop>) -> Vec<Hop> {
    // The receiver of the last network hop so far, as it named itself.
    let mut previous_receiver: Option<String> = None;
    let mut hops: Vec<Hop> = chain
        .into_iter()
        .map(|h| {
            let chained = h
                .line
                .from_host
                .as_deref()
                .zip(previous_receiver.as_deref())
                .is_some_and(|(from, by)| same_organisation(from, by));
            if !h.line.non_transfer
                && let Some(by) = h.line.by_host.as_deref()
            {
                previous_receiver = Some(by.to_string());
            }
            let assessment = assess_in_chain(&h.line, chained);
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
    hops
}

/// Mark the lines written by the recipient's side, flag breaks in the chain, and give every
/// hop its provenance.
fn mark_trust(hops: &mut [Hop]) {
    mark_recipient_side(hops);
    mark_chain_breaks(hops);
    mark_provenance(hops);
}

/// The recipient's side: from the top, the lines received by the recipient's organisation (the
/// receiving side of the newest hop that names one) down to the hop where the message came in
/// from outside. A gateway that hop names as its sender (Mimecast or Proofpoint in front of
/// Microsoft 365) is the recipient's too, and its lines below count as well.
fn mark_recipient_side(hops: &mut [Hop]) {
    let Some(recipient) = hops
        .iter()
        .rev()
        .find_map(|h| h.assessment.by_org.as_ref().map(|o| o.id.clone()))
    else {
        hops.iter_mut()
            .for_each(|h| h.assessment.recipient_side = true);
        return;
    };
    let mut ours = vec![recipient];
    for hop in hops.iter_mut().rev() {
        let a = &mut hop.assessment;
        if a.by_org.as_ref().is_some_and(|o| !ours.contains(&o.id)) {
            break;
        }
        a.recipient_side = true;
        if matches!(a.scope, Scope::CrossProvider | Scope::Submission) {
            match &a.from_org {
                Some(o) if o.kind == OrgKind::Gateway && a.scope == Scope::CrossProvider => {
                    ours.push(o.id.clone());
                }
                _ => break,
            }
        }
    }
}

/// Chain continuity: the sender of hop n+1 should be the receiver of hop n. A break is named
/// only on facts the receiver looked up (reverse DNS, address), not on the claimed HELO name.
fn mark_chain_breaks(hops: &mut [Hop]) {
    // `previous`: the position of the last non-local hop, when its receiver is identified.
    let mut previous: Option<usize> = None;
    for at in 0..hops.len() {
        let hop = &hops[at];
        if hop.assessment.scope == Scope::Local {
            continue;
        }
        let from_orgs = scope::from_orgs_verified(&hop.line);
        let received_by =
            previous.and_then(|p| Some((hops[p].index, hops[p].assessment.by_org.as_ref()?)));
        // The sender names the previous receiver exactly: one organisation under two domains.
        let named = previous.is_some_and(|p| confirms(hop, &hops[p]));
        if let Some((index, by)) = received_by
            && !named
            && !from_orgs.is_empty()
            && !from_orgs.iter().any(|o| o.id() == by.id)
            && hop.assessment.scope != Scope::Internal
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

/// Provenance, read from the top down: the recipient's side; below it, each line is a record
/// while the sender the line above names is this line's receiver (same name, same address, or
/// an organisation the upper receiver established itself); from the first line where that
/// fails, every line is a claim. Local hand-offs are skipped; a line above that names no sender,
/// or a line whose receiver is an unqualified name (`by filterdrecv-7bf5c69d5-n84ln`), neither
/// confirms nor breaks the chain.
fn mark_provenance(hops: &mut [Hop]) {
    let mut broken = false;
    // The nearest network line above.
    let mut upper: Option<usize> = None;
    for at in (0..hops.len()).rev() {
        let local = hops[at].assessment.scope == Scope::Local;
        if hops[at].assessment.recipient_side {
            hops[at].assessment.provenance = Provenance::RecordedByRecipientSide;
        } else {
            let line = &hops[at].line;
            let qualified = line.by_host.as_deref().is_some_and(|b| b.contains('.'));
            if let Some(u) = upper
                && !broken
                && !local
                && qualified
                && (hops[u].line.from_host.is_some() || hops[u].line.from_ip.is_some())
            {
                broken = !confirms(&hops[u], &hops[at]);
            }
            hops[at].assessment.provenance = if broken {
                Provenance::AfterChainBreak
            } else {
                Provenance::RecordedUpstream
            };
        }
        if !local {
            upper = Some(at);
        }
    }
}

/// The sender `upper` names is the receiver of `lower`: by name, by address, or by an
/// organisation `upper`'s receiver established itself (reverse DNS, published networks).
fn confirms(upper: &Hop, lower: &Hop) -> bool {
    let norm = |h: &str| providers::normalise_host(h).into_owned();
    let receiver: Vec<String> = [
        lower.line.by_host.as_deref(),
        lower.line.by_host_real.as_deref(),
    ]
    .into_iter()
    .flatten()
    .map(norm)
    .collect();
    // Names the upper receiver looked up itself; only without them the names the sender gave
    // (a greeting that its reverse DNS contradicts links nothing: SpamAssassin's forged trail).
    let verified = scope::verified_names(&upper.line);
    let sender_names: Vec<&str> = if verified.is_empty() {
        [
            upper.line.from_host.as_deref(),
            upper.line.from_helo.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect()
    } else {
        verified
    };
    // The same name, or the same server under a second name of its organisation (Exchange
    // Online: `X.mail.protection.outlook.com` receives, `X.eop-eur04.prod.protection.outlook.com`
    // sends on).
    let first_label = |h: &str| h.split('.').next().unwrap_or("").to_string();
    let same_server = |n: &str| {
        let n = norm(n);
        receiver.iter().any(|r| {
            *r == n
                || (n.contains('.')
                    && first_label(r) == first_label(&n)
                    && providers::org_of_host(r)
                        .is_some_and(|o| Some(o) == providers::org_of_host(&n)))
        })
    };
    let by_name = sender_names.into_iter().any(same_server);
    // A hand-off on one machine (loopback, the host to itself): the sender is `upper`'s own
    // receiver, so `lower` must have been received by it too.
    let same_machine = matches!(
        upper.assessment.scope_rule,
        ScopeRule::Loopback | ScopeRule::SameHost | ScopeRule::LocalName
    ) && upper
        .line
        .by_host
        .as_deref()
        .map(norm)
        .is_some_and(|b| receiver.contains(&b));
    let by_address = upper.line.from_ip.is_some() && upper.line.from_ip == lower.line.by_ip;
    let by_org = lower.assessment.by_org.as_ref().is_some_and(|by| {
        scope::from_orgs_verified(&upper.line)
            .iter()
            .any(|o| o.id() == by.id)
    });
    by_name || by_address || by_org || same_machine
}

/// Set each second witness beside the hop it is about. A witness of the recipient's side
/// settles a hand-off whose line did not state TLS; a disagreement with the line is said in the
/// hop's reason and returned as a diagnostic, never hidden.
pub fn attach_witnesses(hops: &mut [Hop], reports: &[WitnessReport]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for report in reports {
        let Some(at) = witness_target(hops, &report.about) else {
            continue;
        };
        let hop = &mut hops[at];
        let line_tls = hop.line.tls.tls;
        let agrees = line_tls
            .zip(report.tls)
            .map(|(line, witness)| line == witness);
        let written_by = hop.assessment.provenance;
        hop.assessment.witnesses.push(Witness {
            header: report.header.to_string(),
            says: report.says.clone(),
            agrees,
            written_by,
        });
        let a = &mut hop.assessment;
        let judged = matches!(
            a.scope,
            Scope::CrossProvider | Scope::Unknown | Scope::Submission
        );
        if agrees == Some(false) {
            let text = format!(
                "Hop {}: {} says \"{}\", which disagrees with what its Received line records about TLS.",
                hop.index, report.header, report.says
            );
            let _ = write!(
                a.reason,
                " Note: {} says \"{}\", which disagrees with this line.",
                report.header, report.says
            );
            diagnostics.push(Diagnostic::new(DiagnosticCode::WitnessDisagrees, text));
        } else if line_tls.is_none()
            && report.topmost
            && judged
            && written_by == Provenance::RecordedByRecipientSide
            && a.verdict_source == VerdictSource::Received
            && let Some(tls) = report.tls
        {
            let verdict = if tls {
                Verdict::Encrypted
            } else {
                Verdict::NotEncrypted
            };
            a.verdict = verdict;
            a.transport = Some(verdict);
            a.verdict_source = VerdictSource::Witness;
            a.verdict_explanation = verdict_explanation(verdict).into();
            let _ = write!(
                a.reason,
                " The line does not say, but {} (written by the recipient's side) records {}: \"{}\".",
                report.header,
                if tls { "TLS" } else { "no TLS" },
                report.says
            );
        }
    }
    diagnostics
}

/// The hop a witness is about.
fn witness_target(hops: &[Hop], about: &WitnessTarget) -> Option<usize> {
    let entry = |h: &Hop| matches!(h.assessment.scope, Scope::CrossProvider | Scope::Unknown);
    match about {
        WitnessTarget::QueueId(id) => hops.iter().rposition(|h| {
            h.line
                .id
                .as_deref()
                .is_some_and(|i| i.eq_ignore_ascii_case(id))
        }),
        WitnessTarget::EntryHop => hops
            .iter()
            .rposition(|h| h.assessment.recipient_side && entry(h)),
        WitnessTarget::EnteringOrgOf(host) => {
            let org = providers::org_of_host(host)?;
            hops.iter().rposition(|h| {
                entry(h)
                    && h.assessment
                        .by_org
                        .as_ref()
                        .is_some_and(|o| o.id == org.id())
            })
        }
    }
}

/// How the message reached Exchange Online, when its headers are there: through a gateway
/// (Enhanced Filtering names the Internet sender behind it, or the hop into Microsoft came from
/// a gateway), or directly from an Internet host.
pub fn m365_entry(hops: &[Hop], facts: &Microsoft365) -> Option<M365Entry> {
    if facts.external_original_internet_sender.is_some()
        || facts.skip_listed_internet_sender.is_some()
    {
        return Some(M365Entry::ViaGateway);
    }
    let into_microsoft = hops.iter().rev().find(|h| {
        h.assessment.scope == Scope::CrossProvider
            && h.assessment
                .by_org
                .as_ref()
                .is_some_and(|o| o.id == "microsoft")
    })?;
    Some(match &into_microsoft.assessment.from_org {
        Some(o) if o.kind == OrgKind::Gateway => M365Entry::ViaGateway,
        _ => M365Entry::Direct,
    })
}

/// The overall answer over the hand-offs between providers, with the trust boundary it rests on.
pub fn summarise(hops: &[Hop]) -> Summary {
    let mut summary = judge(hops);
    summary.trust = Trust {
        recipient_side: hops
            .iter()
            .filter(|h| h.assessment.provenance == Provenance::RecordedByRecipientSide)
            .map(|h| h.index)
            .collect(),
        entry_hop: hops
            .iter()
            .rev()
            .filter(|h| h.assessment.recipient_side)
            .find(|h| matches!(h.assessment.scope, Scope::CrossProvider | Scope::Submission))
            .map(|h| h.index),
        chain_break: hops
            .iter()
            .rev()
            .find(|h| h.assessment.provenance == Provenance::AfterChainBreak)
            .map(|h| h.index),
    };
    summary
}

/// The hop a sentence names among `candidates` (chronological): the first the recipient's side
/// recorded, else the first recorded upstream.
fn key_hop<'a>(candidates: &[&'a Hop]) -> &'a Hop {
    candidates
        .iter()
        .find(|h| h.assessment.provenance == Provenance::RecordedByRecipientSide)
        .unwrap_or(&candidates[0])
}

/// Whose record a hop is, as a closing sentence.
fn whose_record(hop: &Hop) -> String {
    match hop.assessment.provenance {
        Provenance::RecordedByRecipientSide => {
            " This is the record of the recipient's own side.".to_string()
        }
        Provenance::RecordedUpstream | Provenance::AfterChainBreak => format!(
            " Hop {} was recorded upstream, before the message reached the recipient's side.",
            hop.index
        ),
    }
}

fn judge(hops: &[Hop]) -> Summary {
    if hops.is_empty() {
        return Summary {
            verdict: SummaryVerdict::NoHops,
            text: "No Received headers were found, so there is no route to judge.".into(),
            ..Summary::default()
        };
    }
    // Lines below a break in the chain are the sender's claims: they judge nothing.
    let recorded = |h: &&Hop| h.assessment.provenance != Provenance::AfterChainBreak;
    let relevant: Vec<&Hop> = hops
        .iter()
        .filter(|h| matches!(h.assessment.scope, Scope::CrossProvider | Scope::Unknown))
        .filter(recorded)
        .collect();
    let handoffs: Vec<usize> = relevant.iter().map(|h| h.index).collect();
    if relevant.is_empty() {
        let carried: Vec<&Hop> = hops
            .iter()
            .filter(|h| h.assessment.carried_by.is_some())
            .filter(recorded)
            .collect();
        if !carried.is_empty() {
            return judge_carried(&carried, hops);
        }
        return Summary {
            verdict: SummaryVerdict::Unknown,
            text: "No hand-off between providers was recorded: every hop stayed inside one organisation or was the sender's own submission, so there is no provider-to-provider connection to judge.".into(),
            handoffs,
            ..Summary::default()
        };
    }
    let not_encrypted: Vec<&Hop> = relevant
        .iter()
        .copied()
        .filter(|h| h.assessment.verdict.is_not_encrypted())
        .collect();
    let unrecorded: Vec<&Hop> = relevant
        .iter()
        .copied()
        .filter(|h| h.assessment.verdict == Verdict::NotRecorded)
        .collect();
    let weak: Vec<&Hop> = relevant
        .iter()
        .copied()
        .filter(|h| {
            h.assessment
                .strength
                .as_ref()
                .is_some_and(|s| s.grade.is_weak())
        })
        .collect();
    let describe = |h: &Hop| format!("hop {} ({})", h.index, hop_label(h));
    if !not_encrypted.is_empty() {
        let first = key_hop(&not_encrypted);
        let inferred = first.assessment.verdict == Verdict::NotEncryptedInferred;
        let mut text = format!(
            "{} was not encrypted{}.",
            capitalise(&describe(first)),
            if inferred {
                format!(" (inferred: {})", inferred_clause(&first.assessment))
            } else {
                " as recorded by the receiving server".to_string()
            }
        );
        for other in not_encrypted.iter().filter(|h| h.index != first.index) {
            let _ = write!(text, " Also not encrypted: {}.", describe(other));
        }
        for other in &unrecorded {
            let _ = write!(text, " Not recorded: {}.", describe(other));
        }
        text.push_str(&whose_record(first));
        let rests_on: Vec<usize> = not_encrypted.iter().map(|h| h.index).collect();
        return Summary {
            verdict: SummaryVerdict::NotEncrypted,
            text,
            hop: Some(first.index),
            hops: rests_on.clone(),
            handoffs,
            rests_on,
            ..Summary::default()
        };
    }
    if !unrecorded.is_empty() {
        let first = key_hop(&unrecorded);
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
        let rests_on: Vec<usize> = unrecorded.iter().map(|h| h.index).collect();
        return Summary {
            verdict: SummaryVerdict::Unknown,
            text,
            hop: Some(first.index),
            hops: rests_on.clone(),
            handoffs,
            rests_on,
            ..Summary::default()
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
                .map_or("weak", |s| s.grade.as_str())
        );
    }
    Summary {
        verdict: SummaryVerdict::Encrypted,
        text,
        hop: None,
        hops: weak.iter().map(|h| h.index).collect(),
        rests_on: handoffs.clone(),
        handoffs,
        ..Summary::default()
    }
}

/// A route with no hand-off between organisations that stayed inside one multi-tenant provider
/// (Microsoft 365 tenant to tenant, Gmail to Gmail): judged on the hops between its servers.
fn judge_carried(carried: &[&Hop], hops: &[Hop]) -> Summary {
    let provider = carried[0]
        .assessment
        .carried_by
        .as_deref()
        .and_then(providers::provider)
        .map_or("one provider", |p| p.short_name());
    let list = carried
        .iter()
        .map(|h| format!("hop {}", h.index))
        .collect::<Vec<_>>()
        .join(", ");
    let transport = |h: &&&Hop| h.assessment.transport.unwrap_or(Verdict::NotRecorded);
    let open: Vec<&Hop> = carried
        .iter()
        .filter(|h| transport(h).is_not_encrypted())
        .copied()
        .collect();
    let unrecorded: Vec<&Hop> = carried
        .iter()
        .filter(|h| transport(h) == Verdict::NotRecorded)
        .copied()
        .collect();
    let (verdict, text, rests_on) = if !open.is_empty() {
        let first = key_hop(&open);
        (
            SummaryVerdict::NotEncrypted,
            format!(
                "Not encrypted: the message stayed inside {provider}, but hop {} between its servers ({}) recorded no TLS.",
                first.index,
                hop_label(first)
            ),
            open,
        )
    } else if !unrecorded.is_empty() {
        let first = key_hop(&unrecorded);
        (
            SummaryVerdict::Unknown,
            format!(
                "The message stayed inside {provider}; hop {} between its servers did not record whether TLS was used.",
                first.index
            ),
            unrecorded,
        )
    } else {
        // The route may start inside the provider (its outbound servers) with no line for how
        // the message got there: say so rather than imply the whole way is known.
        let entered = hops.iter().any(|h| {
            h.index < carried[0].index
                && matches!(h.assessment.scope, Scope::Submission | Scope::Internal)
        });
        let unseen = if entered {
            String::new()
        } else {
            format!(
                " How the message reached {provider} (the sender's own submission) is not in these headers."
            )
        };
        (
            SummaryVerdict::Encrypted,
            format!(
                "Encrypted: the message stayed inside {provider}, and every hop between its servers ({list}) recorded TLS, as recorded by the receiving servers.{unseen}"
            ),
            carried.to_vec(),
        )
    };
    let key = (verdict != SummaryVerdict::Encrypted).then(|| key_hop(&rests_on).index);
    let rests_on: Vec<usize> = rests_on.iter().map(|h| h.index).collect();
    Summary {
        verdict,
        text,
        hop: key,
        hops: if key.is_some() {
            rests_on.clone()
        } else {
            Vec::new()
        },
        handoffs: Vec::new(),
        rests_on,
        ..Summary::default()
    }
}

/// The rule behind a "not encrypted (inferred)" verdict, in words.
fn inferred_clause(assessment: &HopAssessment) -> String {
    let rule = assessment.inferences.first().map(|i| i.rule);
    if let Some(Rule::ProviderRecordsTls(id)) = rule {
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
pub fn caveats(hops: &[Hop], tls_required_no: bool) -> Vec<Caveat> {
    let mut out = Vec::new();
    let submission = hops
        .iter()
        .find(|h| h.assessment.scope == Scope::Submission);
    let submission_text = match submission {
        Some(h) => {
            let how = match h.assessment.verdict {
                Verdict::Encrypted => "was recorded as encrypted",
                Verdict::NotEncrypted | Verdict::NotEncryptedInferred => "was not encrypted",
                Verdict::NotRecorded | Verdict::Internal | Verdict::Local => {
                    "was not recorded either way"
                }
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
        id: CaveatId::Submission,
        title: "Step 1: sender to their mail server".into(),
        text: submission_text,
    });
    out.push(Caveat {
        id: CaveatId::Retrieval,
        title: "Step 3: recipient's mail server to their device".into(),
        text: "How the recipient later read the message (IMAP, POP, webmail, a phone app) is never recorded in Received headers; it depends on the recipient's own connection to their provider.".into(),
    });
    if let Some(first_trusted) = hops.iter().find(|h| h.assessment.recipient_side) {
        let below = first_trusted.index.saturating_sub(1);
        if below > 0 {
            out.push(Caveat {
                id: CaveatId::Forgeable,
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
            id: CaveatId::ChainBreak,
            title: "The route breaks".into(),
            text: "At least one hop did not come from the server that received the previous one (see the hop). Lines are missing there, or the lines below it were made up.".into(),
        });
    }
    if tls_required_no {
        out.push(Caveat {
            id: CaveatId::TlsRequiredNo,
            title: "Sender waived TLS requirements".into(),
            text: "The message carries \"TLS-Required: No\" (RFC 8689): the sender asked servers to deliver it even where the recipient's policy (MTA-STS, DANE) demands verified TLS.".into(),
        });
    }
    out.push(Caveat {
        id: CaveatId::Storage,
        title: "TLS protects transit, not storage".into(),
        text: "TLS only protects a message while it travels between two servers. Each server stores it readable, and every server on the route could read it. Protection end to end needs the message itself encrypted: S/MIME, OpenPGP, or a secure portal / encrypted-delivery service.".into(),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::analyze;
    use crate::core::model::DiagnosticCode;

    #[test]
    fn no_received_lines_gives_no_hops_and_no_caveats() {
        let report = analyze(b"Subject: hello\nFrom: a@example.com\n\nbody\n");
        assert_eq!(report.summary.verdict, SummaryVerdict::NoHops);
        assert!(report.caveats.is_empty());
        let codes: Vec<DiagnosticCode> = report.diagnostics.iter().map(|d| d.code).collect();
        assert!(codes.contains(&DiagnosticCode::NoReceived), "{codes:?}");
    }

    #[test]
    fn every_verdict_and_hop_carries_its_explanation() {
        let report = analyze(
            b"Received: from mx.a.example (mx.a.example [192.0.2.1]) by mx.b.example (Postfix) with ESMTP id 1; Mon, 7 Sep 2020 15:43:40 +0000\n",
        );
        let hop = &report.hops[0].assessment;
        assert_eq!(hop.scope, Scope::CrossProvider);
        assert_eq!(hop.verdict, Verdict::NotEncryptedInferred);
        assert_eq!(
            hop.verdict_explanation,
            verdict_explanation(Verdict::NotEncryptedInferred)
        );
        assert!(!hop.scope_explanation.is_empty());
        assert_eq!(
            hop.inferences[0].rule.to_string(),
            "format-marks-tls:postfix-marks-tls"
        );
        assert_eq!(report.summary.hop, Some(1));
        let ids: Vec<CaveatId> = report.caveats.iter().map(|c| c.id).collect();
        assert_eq!(
            ids,
            [CaveatId::Submission, CaveatId::Retrieval, CaveatId::Storage]
        );
    }

    #[test]
    fn route_groups_are_runs_of_one_receiving_organisation() {
        let hop = |index: usize, by: Option<&str>| Hop {
            index,
            assessment: HopAssessment {
                by_org: by.map(|id| OrgRef {
                    id: id.into(),
                    name: id.into(),
                    full_name: id.into(),
                    kind: OrgKind::Domain,
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
