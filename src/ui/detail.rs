//! One hop in full: every extracted fact, the rules behind scope and verdict with their
//! explanations, and the raw header with the evidence spans highlighted (as text nodes and
//! `<mark>` elements, never HTML).

use leptos::prelude::*;

use crate::core::Hop;
use crate::core::export::{format_delay, tls_word, verdict_label};
use crate::core::report::Evidence;

/// The raw field cut at every evidence boundary: `(text, facts covering it)`.
pub(crate) fn segments(raw: &str, evidence: &[Evidence]) -> Vec<(String, Vec<String>)> {
    let mut cuts: Vec<usize> = vec![0, raw.len()];
    for e in evidence {
        for at in [e.span.start, e.span.end] {
            if at <= raw.len() && raw.is_char_boundary(at) {
                cuts.push(at);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .filter_map(|w| {
            let text = raw.get(w[0]..w[1])?;
            let facts: Vec<String> = evidence
                .iter()
                .filter(|e| e.span.start <= w[0] && w[1] <= e.span.end && e.span.start < e.span.end)
                .map(|e| e.fact.clone())
                .collect();
            Some((text.to_string(), facts))
        })
        .collect()
}

fn fact_rows(hop: &Hop) -> Vec<(&'static str, String)> {
    let l = &hop.line;
    let t = &l.tls;
    let a = &hop.assessment;
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
    let mut rows: Vec<(&'static str, Option<String>)> = vec![
        ("From (as written)", l.from_host.clone()),
        ("From address", l.from_ip.clone()),
        ("From reverse DNS", l.from_rdns.clone()),
        ("From HELO", l.from_helo.clone()),
        ("From port", l.from_port.map(|p| p.to_string())),
        (
            "Sender organisation",
            a.from_org.as_ref().map(|o| o.full_name.clone()),
        ),
        ("By (receiving server)", l.by_host.clone()),
        ("By address", l.by_ip.clone()),
        (
            "Receiving organisation",
            a.by_org.as_ref().map(|o| o.full_name.clone()),
        ),
        ("Server software", l.by_product.clone()),
        ("Written by", l.writer.clone()),
        ("Via", l.via.clone()),
        ("With (protocol)", l.with.clone()),
        ("TLS recorded", Some(tls_word(t.tls).to_string())),
        ("TLS version", t.tls_version.clone()),
        ("Cipher", t.cipher.clone()),
        ("Key bits", t.bits.map(|b| b.to_string())),
        ("Key exchange", t.key_exchange.clone()),
        ("Server signature", t.signature.clone()),
        ("Certificate verified", t.cert_verified.map(yes_no)),
        (
            "Certificate check as written",
            t.cert_verification_raw.clone(),
        ),
        ("Certificate", a.cert_explanation.clone()),
        ("TLS dialect rule", t.tls_rule.clone()),
        ("Strength", a.strength.as_ref().map(|s| s.grade.clone())),
        ("Id", l.id.clone()),
        ("For", l.for_addr.clone()),
        ("Envelope from", l.envelope_from.clone()),
        ("Time (UTC)", l.timestamp.clone()),
        ("Time zone as written", l.timestamp_offset.clone()),
        (
            "Delay since previous hop",
            hop.delay_seconds.map(format_delay),
        ),
        (
            "Local hand-off",
            l.non_transfer
                .then(|| "yes: not a network connection".to_string()),
        ),
        (
            "Written by the recipient's side",
            Some(yes_no(a.recipient_side)),
        ),
        (
            "Position in the input",
            Some(format!(
                "Received field {} from the top",
                hop.received_index
            )),
        ),
    ];
    rows.retain(|(_, v)| v.as_deref().is_some_and(|v| !v.is_empty()));
    rows.into_iter()
        .map(|(k, v)| (k, v.unwrap_or_default()))
        .collect()
}

#[component]
pub(crate) fn HopDetail(hop: Hop) -> impl IntoView {
    let index = hop.index;
    let a = hop.assessment.clone();
    let facts = fact_rows(&hop);
    let segs = segments(&hop.line.raw, &hop.line.evidence);
    let evidence: Vec<(String, String)> = hop
        .line
        .evidence
        .iter()
        .filter_map(|e| {
            Some((
                e.fact.clone(),
                hop.line.raw.get(e.span.start..e.span.end)?.to_string(),
            ))
        })
        .collect();
    let strength = a.strength.clone();
    view! {
        <div class="hop-detail" id=format!("hop-detail-{index}") data-testid="hop-detail" role="region" aria-label=format!("Details of hop {index}")>
            <div class="rules">
                <div class="rule">
                    <h4>{format!("Verdict: {}", verdict_label(&a.verdict))}</h4>
                    <p>{a.reason.clone()}</p>
                    <p class="rule-name">"Rule: "<code>{a.verdict_rule.clone()}</code></p>
                    <p class="explain">{a.verdict_explanation.clone()}</p>
                </div>
                <div class="rule">
                    <h4>{format!("Scope: {}", a.scope)}</h4>
                    <p class="rule-name">"Rule: "<code>{a.scope_rule.clone()}</code></p>
                    <p class="explain">{a.scope_explanation.clone()}</p>
                    {a.transport.clone().map(|t| view! { <p>"On the wire: "{verdict_label(&t)}</p> })}
                </div>
            </div>
            {a.chain_break.clone().map(|c| view! { <p class="warning" role="note">{c}</p> })}
            {(!a.inferences.is_empty()).then(|| view! {
                <div class="inferences">
                    <h4>"Inferences"</h4>
                    <ul>
                        {a.inferences.iter().map(|i| view! {
                            <li><code>{i.rule.clone()}</code>": "{i.evidence.clone()}<span class="source">{format!(" (source: {})", i.source)}</span></li>
                        }).collect_view()}
                    </ul>
                </div>
            })}
            {strength.filter(|s| !s.reasons.is_empty()).map(|s| view! {
                <div class="strength">
                    <h4>{format!("Strength: {}", s.grade)}</h4>
                    <ul>
                        {s.reasons.into_iter().map(|r| view! {
                            <li class=format!("effect-{}", r.effect)><span class="effect">{r.effect.clone()}</span>" "{r.text}</li>
                        }).collect_view()}
                    </ul>
                </div>
            })}
            <h4>"Every fact read from this line"</h4>
            <dl class="facts">
                {facts.into_iter().map(|(k, v)| view! { <div class="fact"><dt>{k}</dt><dd>{v}</dd></div> }).collect_view()}
            </dl>
            {(!hop.line.notes.is_empty()).then(|| view! {
                <ul class="notes">{hop.line.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
            })}
            <h4>"The raw header (highlighted: where each fact was read)"</h4>
            <pre class="raw" data-testid="raw-header" tabindex="0" aria-label=format!("Raw Received header of hop {index}")>
                {segs.into_iter().map(|(text, facts)| {
                    if facts.is_empty() {
                        text.into_any()
                    } else {
                        view! { <mark title=facts.join(", ") data-facts=facts.join(" ")>{text}</mark> }.into_any()
                    }
                }).collect_view()}
            </pre>
            {(!evidence.is_empty()).then(|| view! {
                <details class="evidence-list">
                    <summary>"Evidence, fact by fact"</summary>
                    <dl class="facts">
                        {evidence.into_iter().map(|(fact, text)| view! { <div class="fact"><dt><code>{fact}</code></dt><dd><code>{text}</code></dd></div> }).collect_view()}
                    </dl>
                </details>
            })}
        </div>
    }
}
