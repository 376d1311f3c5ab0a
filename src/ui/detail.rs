//! One hop in full: every extracted fact, the rules behind scope and verdict with their
//! explanations, and the raw header with the evidence spans highlighted (as text nodes and
//! `<mark>` elements, never HTML).

use std::sync::Arc;

use leptos::either::Either;
use leptos::prelude::*;

use crate::core::Hop;
use crate::core::model::Evidence;
use crate::core::wording::{format_delay, provenance_words, tls_word, verdict_label};

/// The raw field cut at every evidence boundary: `(text, facts covering it)`.
pub(crate) fn segments<'a>(raw: &'a str, evidence: &[Evidence]) -> Vec<(&'a str, Vec<String>)> {
    // Kept sorted and distinct by inserting each cut at its place (a handful of cuts).
    let mut cuts: Vec<usize> = vec![0, raw.len()];
    for e in evidence {
        for at in [e.span.start, e.span.end] {
            if at <= raw.len()
                && raw.is_char_boundary(at)
                && let Err(place) = cuts.binary_search(&at)
            {
                cuts.insert(place, at);
            }
        }
    }
    cuts.windows(2)
        .filter_map(|w| {
            let text = raw.get(w[0]..w[1])?;
            let facts: Vec<String> = evidence
                .iter()
                .filter(|e| e.span.start <= w[0] && w[1] <= e.span.end && e.span.start < e.span.end)
                .map(|e| e.fact.to_string())
                .collect();
            Some((text, facts))
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
        ("Written by", l.writer.map(|w| w.to_string())),
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
        ("TLS dialect rule", t.tls_rule.map(|r| r.to_string())),
        ("Strength", a.strength.as_ref().map(|s| s.grade.to_string())),
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
            "Whose record",
            Some(provenance_words(a.provenance).to_string()),
        ),
        (
            "Other headers about this hop",
            (!a.witnesses.is_empty()).then(|| {
                a.witnesses
                    .iter()
                    .map(|w| {
                        let agrees = match w.agrees {
                            Some(true) => "agrees with the line",
                            Some(false) => "disagrees with the line",
                            None => "the line says nothing to compare",
                        };
                        format!("{}: \"{}\" ({agrees})", w.header, w.says)
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            }),
        ),
        ("Login recorded", l.authenticated.then(|| "yes".to_string())),
        ("Carried inside", a.carried_by.clone()),
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

/// A rule box: a heading, optional text, the rule id and its explanation, and what `extra`
/// adds (the scope's "On the wire").
fn rule(
    title: String,
    text: Option<String>,
    rule_id: String,
    explanation: String,
    extra: Option<String>,
) -> impl IntoView {
    view! {
        <div class="rule">
            <h4>{title}</h4>
            {text.map(|t| view! { <p>{t}</p> })}
            <p class="rule-name">"Rule: " <code>{rule_id}</code></p>
            <p class="explain">{explanation}</p>
            {extra.map(|t| view! { <p>{t}</p> })}
        </div>
    }
}

/// `<dl class="facts">` of `(term, description)` rows.
pub(crate) fn fact_list(rows: Vec<(&'static str, String)>) -> impl IntoView {
    view! { <dl class="facts">{fact_items(rows)}</dl> }
}

/// The `(term, description)` rows of a `<dl class="facts">`.
pub(crate) fn fact_items(rows: Vec<(&'static str, String)>) -> impl IntoView {
    rows.into_iter()
        .map(|(term, text)| {
            view! {
                <div class="fact">
                    <dt>{term}</dt>
                    <dd>{text}</dd>
                </div>
            }
        })
        .collect_view()
}

/// The detail of one hop (`data-testid=hop-detail`): shown under its row while open.
#[component]
pub(crate) fn HopDetail(hop: Arc<Hop>) -> impl IntoView {
    let index = hop.index;
    let a = &hop.assessment;
    let raw = hop.line.raw.as_str();
    let inferences = a
        .inferences
        .iter()
        .map(|i| {
            view! {
                <li>
                    <code>{i.rule.to_string()}</code>
                    {format!(": {}", i.evidence)}
                    <span class="source">{format!(" (source: {})", i.source)}</span>
                </li>
            }
        })
        .collect::<Vec<_>>();
    let strength = a
        .strength
        .as_ref()
        .filter(|s| !s.reasons.is_empty())
        .map(|s| {
            view! {
                <div class="strength">
                    <h4>{format!("Strength: {}", s.grade)}</h4>
                    <ul>
                        {s
                            .reasons
                            .iter()
                            .map(|r| {
                                view! {
                                    <li class=format!("effect-{}", r.effect)>
                                        <span class="effect">{r.effect.as_str()}</span>
                                        {format!(" {}", r.text)}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        });
    // The raw field as text nodes, the evidence spans in `<mark>`s (never parsed as HTML).
    let marks = segments(raw, &hop.line.evidence)
        .into_iter()
        .map(|(text, facts)| {
            if facts.is_empty() {
                Either::Left(text.to_string())
            } else {
                Either::Right(view! {
                    <mark title=facts.join(", ") data-facts=facts.join(" ")>{text.to_string()}</mark>
                })
            }
        })
        .collect_view();
    let evidence: Vec<(String, String)> = hop
        .line
        .evidence
        .iter()
        .filter_map(|e| {
            Some((
                e.fact.to_string(),
                raw.get(e.span.start..e.span.end)?.to_string(),
            ))
        })
        .collect();
    let notes = (!hop.line.notes.is_empty()).then(|| {
        view! {
            <ul class="notes">
                {hop.line.notes.iter().map(|n| view! { <li>{n.text.clone()}</li> }).collect_view()}
            </ul>
        }
    });
    view! {
        <div
            class="hop-detail"
            id=format!("hop-detail-{index}")
            data-testid="hop-detail"
            role="region"
            aria-label=format!("Details of hop {index}")
        >
            <div class="rules">
                {rule(
                    format!("Verdict: {}", verdict_label(a.verdict)),
                    Some(a.reason.clone()),
                    a.verdict_rule.to_string(),
                    a.verdict_explanation.clone(),
                    None,
                )}
                {rule(
                    format!("Scope: {}", a.scope),
                    None,
                    a.scope_rule.as_str().to_string(),
                    a.scope_explanation.clone(),
                    a.transport.map(|t| format!("On the wire: {}", verdict_label(t))),
                )}
            </div>
            {a.chain_break.clone().map(|c| view! { <p class="warning" role="note">{c}</p> })}
            {(!inferences.is_empty())
                .then(|| {
                    view! {
                        <div class="inferences">
                            <h4>"Inferences"</h4>
                            <ul>{inferences}</ul>
                        </div>
                    }
                })}
            {strength}
            <h4>"Every fact read from this line"</h4>
            {fact_list(fact_rows(&hop))}
            {notes}
            <h4>"The raw header (highlighted: where each fact was read)"</h4>
            <pre
                class="raw"
                data-testid="raw-header"
                tabindex="0"
                aria-label=format!("Raw Received header of hop {index}")
            >
                {marks}
            </pre>
            {(!evidence.is_empty())
                .then(|| {
                    view! {
                        <details class="evidence-list">
                            <summary>"Evidence, fact by fact"</summary>
                            <dl class="facts">
                                {evidence
                                    .into_iter()
                                    .map(|(fact, text)| {
                                        view! {
                                            <div class="fact">
                                                <dt><code>{fact}</code></dt>
                                                <dd><code>{text}</code></dd>
                                            </div>
                                        }
                                    })
                                    .collect_view()}
                            </dl>
                        </details>
                    }
                })}
        </div>
    }
}
