//! One hop in full: every extracted fact, the rules behind scope and verdict with their
//! explanations, and the raw header with the evidence spans highlighted (as text nodes and
//! `<mark>` elements, never HTML).

use super::node::{El, Node, el, elc, facts, text_el};
use crate::core::Hop;
use crate::core::model::Evidence;
use crate::core::wording::{format_delay, tls_word, verdict_label};

/// The raw field cut at every evidence boundary: `(text, facts covering it)`.
pub(crate) fn segments<'a>(raw: &'a str, evidence: &[Evidence]) -> Vec<(&'a str, Vec<String>)> {
    // Kept sorted and distinct by inserting in place (a handful of cuts; no sort code linked).
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

/// A `<div class="rule">` with a heading, optional text, the rule id and its explanation.
fn rule(title: String, text: Option<String>, rule_id: &str, explanation: &str) -> El {
    let mut d = elc("div", "rule").kid(el("h4").txt(title));
    if let Some(t) = text {
        d = d.kid(el("p").txt(t));
    }
    d.kid(
        elc("p", "rule-name")
            .txt("Rule: ")
            .kid(el("code").txt(rule_id)),
    )
    .kid(text_el("p", "explain", explanation))
}

/// A titled list section (`<div class=…><h4>…</h4><ul>…</ul></div>`), absent when empty.
fn list_section(class: &'static str, title: String, items: Vec<El>) -> Option<El> {
    (!items.is_empty()).then(|| {
        elc("div", class)
            .kid(el("h4").txt(title))
            .kid(el("ul").kids(items))
    })
}

/// The detail of one hop (`data-testid=hop-detail`).
pub(crate) fn hop_detail(hop: &Hop) -> El {
    let index = hop.index;
    let a = &hop.assessment;
    let raw = hop.line.raw.as_str();
    let mut scope = rule(
        format!("Scope: {}", a.scope),
        None,
        a.scope_rule.as_str(),
        &a.scope_explanation,
    );
    if let Some(t) = &a.transport {
        scope = scope.kid(el("p").txt(format!("On the wire: {}", verdict_label(*t))));
    }
    let inferences = a
        .inferences
        .iter()
        .map(|i| {
            el("li")
                .kid(el("code").txt(i.rule.to_string()))
                .txt(format!(": {}", i.evidence))
                .kid(text_el(
                    "span",
                    "source",
                    format!(" (source: {})", i.source),
                ))
        })
        .collect();
    let strength = a.strength.as_ref().and_then(|s| {
        list_section(
            "strength",
            format!("Strength: {}", s.grade),
            s.reasons
                .iter()
                .map(|r| {
                    el("li")
                        .at("class", format!("effect-{}", r.effect))
                        .kid(text_el("span", "effect", r.effect.as_str()))
                        .txt(format!(" {}", r.text))
                })
                .collect(),
        )
    });
    let marks = segments(raw, &hop.line.evidence)
        .into_iter()
        .map(|(text, facts)| {
            if facts.is_empty() {
                Node::Text(text.to_string())
            } else {
                Node::El(
                    el("mark")
                        .at("title", facts.join(", "))
                        .at("data-facts", facts.join(" "))
                        .txt(text),
                )
            }
        });
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
        elc("ul", "notes").kids(hop.line.notes.iter().map(|n| el("li").txt(n.text.clone())))
    });
    el("div")
        .at("class", "hop-detail")
        .at("id", format!("hop-detail-{index}"))
        .tid("hop-detail")
        .at("role", "region")
        .at("aria-label", format!("Details of hop {index}"))
        .kid(
            elc("div", "rules")
                .kid(rule(
                    format!("Verdict: {}", verdict_label(a.verdict)),
                    Some(a.reason.clone()),
                    &a.verdict_rule.to_string(),
                    &a.verdict_explanation,
                ))
                .kid(scope),
        )
        .opt(
            a.chain_break
                .as_ref()
                .map(|c| text_el("p", "warning", c.clone()).at("role", "note")),
        )
        .opt(list_section("inferences", "Inferences".into(), inferences))
        .opt(strength)
        .kid(el("h4").txt("Every fact read from this line"))
        .kid(facts(fact_rows(hop)))
        .opt(notes)
        .kid(el("h4").txt("The raw header (highlighted: where each fact was read)"))
        .kid(
            elc("pre", "raw")
                .tid("raw-header")
                .at("tabindex", "0")
                .at("aria-label", format!("Raw Received header of hop {index}"))
                .nodes(marks),
        )
        .opt((!evidence.is_empty()).then(|| {
            elc("details", "evidence-list")
                .kid(el("summary").txt("Evidence, fact by fact"))
                .kid(
                    elc("dl", "facts").kids(evidence.into_iter().map(|(fact, text)| {
                        elc("div", "fact")
                            .kid(el("dt").kid(el("code").txt(fact)))
                            .kid(el("dd").kid(el("code").txt(text)))
                    })),
                )
        }))
}
