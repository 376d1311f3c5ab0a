//! The route: sender → recipient, hops grouped by the organisation that received them, each
//! hand-off with a lock icon and words (colour is never the only signal). A hop opens its detail.

use super::node::{El, el, elc, text_el};
use crate::core::wording::{format_delay, tls_word, verdict_label};
use crate::core::{Grade, Hop, Scope, SummaryVerdict, Verdict};

/// Which icon a hop's verdict gets: `locked`, `open`, `unknown`, `internal`.
pub(crate) fn lock_kind(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Encrypted => "locked",
        Verdict::NotEncrypted | Verdict::NotEncryptedInferred => "open",
        Verdict::Internal | Verdict::Local => "internal",
        Verdict::NotRecorded => "unknown",
    }
}

/// Which icon the overall verdict gets.
pub(crate) fn summary_lock_kind(verdict: SummaryVerdict) -> &'static str {
    match verdict {
        SummaryVerdict::Encrypted => "locked",
        SummaryVerdict::NotEncrypted => "open",
        SummaryVerdict::Unknown | SummaryVerdict::NoHops => "unknown",
    }
}

/// The icon of one hop: what was recorded on the wire, also for internal hops.
fn hop_lock_kind(hop: &Hop) -> &'static str {
    match hop.line.tls.tls {
        Some(true) => "locked",
        _ => lock_kind(hop.assessment.verdict),
    }
}

/// SVG shapes of each icon: `(element, attributes)` as data.
type Shape = (&'static str, &'static [(&'static str, &'static str)]);
/// The body of both padlocks (closed and open differ only in the shackle).
const PADLOCK_BODY: Shape = (
    "rect",
    &[
        ("x", "5"),
        ("y", "11"),
        ("width", "14"),
        ("height", "10"),
        ("rx", "2"),
    ],
);
const ICON_SHAPES: &[(&str, &[Shape])] = &[
    (
        "locked",
        &[PADLOCK_BODY, ("path", &[("d", "M8 11V7a4 4 0 0 1 8 0v4")])],
    ),
    (
        "open",
        &[
            PADLOCK_BODY,
            ("path", &[("d", "M8 11V7a4 4 0 0 1 7.8-1.3")]),
        ],
    ),
    (
        "internal",
        &[
            ("path", &[("d", "M4 21V9l8-5 8 5v12z")]),
            ("path", &[("d", "M10 21v-6h4v6")]),
        ],
    ),
    (
        "unknown",
        &[
            ("circle", &[("cx", "12"), ("cy", "12"), ("r", "9")]),
            (
                "path",
                &[(
                    "d",
                    "M9.5 9.5a2.5 2.5 0 1 1 3.3 2.4c-.5.2-.8.7-.8 1.2v.9M12 16.8v.4",
                )],
            ),
        ],
    ),
];

/// A lock (closed, open), a question mark or a building, drawn inline (no image files), hidden
/// from screen readers: the words next to it say the same.
pub(crate) fn icon(kind: &'static str) -> El {
    let shapes = ICON_SHAPES
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(ICON_SHAPES[3].1, |(_, s)| *s);
    el("svg")
        .at("class", format!("icon icon-{kind}"))
        .at("viewBox", "0 0 24 24")
        .at("aria-hidden", "true")
        .at("focusable", "false")
        .kids(shapes.iter().map(|(tag, attrs)| {
            let mut shape = el(tag);
            for (name, value) in attrs.iter() {
                shape = shape.at(name, *value);
            }
            shape
        }))
}

/// The TLS cell: begins with `yes`, `no` or `not stated` (DOM contract), then version and grade.
pub(crate) fn tls_text(hop: &Hop) -> String {
    let mut out = tls_word(hop.line.tls.tls).to_string();
    if let Some(v) = &hop.line.tls.tls_version {
        out.push_str(" · ");
        out.push_str(&v.replace("TLS1.", "TLS 1."));
    }
    if let Some(s) = hop
        .assessment
        .strength
        .as_ref()
        .filter(|s| s.grade != Grade::Unknown)
    {
        out.push_str(" · ");
        out.push_str(s.grade.as_str());
    }
    out
}

fn from_text(hop: &Hop) -> String {
    match (&hop.line.from_host, &hop.line.from_ip) {
        (Some(h), Some(ip)) if h != ip => format!("{h} [{ip}]"),
        (Some(h), _) => h.clone(),
        (None, Some(ip)) => format!("[{ip}]"),
        (None, None) => "(sender not recorded)".into(),
    }
}

fn delay_text(hop: &Hop) -> Option<String> {
    hop.delay_seconds.map(|s| {
        if s < 0 {
            format!("{} (clock skew)", format_delay(s))
        } else {
            format!("+{}", format_delay(s))
        }
    })
}

fn kind_words(kind: &str) -> &'static str {
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

/// The receiving organisation of a hop: `(full name, kind)`.
fn org_of(hop: &Hop) -> (&str, &str) {
    match &hop.assessment.by_org {
        Some(o) => (o.full_name.as_str(), o.kind.as_str()),
        None => ("Unknown organisation", ""),
    }
}

/// The whole route, with the detail of hop `open` (a hop index) under its row.
pub(crate) fn route(hops: &[Hop], open: Option<usize>) -> El {
    // Consecutive hops received by the same organisation form one group (the core's grouping).
    let groups = crate::core::path::receiver_runs(hops).map(|group| {
        let (org, kind) = org_of(&group[0]);
        let words = kind_words(kind);
        let mut title = elc("h3", "org-name").txt(org);
        if !words.is_empty() {
            title = title.kid(text_el("span", "org-kind", words));
        }
        elc("li", "org-group").kid(title).kid(
            elc("ol", "hops").kids(
                group
                    .iter()
                    .map(|hop| hop_row(hop, open == Some(hop.index))),
            ),
        )
    });
    elc("section", "route")
        .at("aria-labelledby", "route-title")
        .kid(el("h2").at("id", "route-title").txt("The route, sender first"))
        .kid(text_el("p", "hint", "Each step is one server receiving the message. Select a step for every fact, the rule behind its verdict and the raw header."))
        .kid(elc("ol", "org-groups").kids(groups))
}

/// The class of a hop's row (lock kind, hand-off, open).
fn row_class(hop: &Hop, open: bool) -> String {
    let mut class = format!("hop hop-{}", hop_lock_kind(hop));
    if hop.assessment.scope == Scope::CrossProvider {
        class.push_str(" handoff");
    }
    if open {
        class.push_str(" open");
    }
    class
}

/// One hop (`data-testid=hop-row`), with its detail when `open`.
fn hop_row(hop: &Hop, open: bool) -> El {
    let index = hop.index;
    let kind = hop_lock_kind(hop);
    let verdict = hop.assessment.verdict;
    let org_name = |o: &Option<crate::core::model::OrgRef>| {
        o.as_ref().map_or("unknown".to_string(), |o| o.name.clone())
    };
    let handoff = (hop.assessment.scope == Scope::CrossProvider).then(|| {
        text_el(
            "p",
            "handoff-label",
            format!(
                "Hand-off {} → {}",
                org_name(&hop.assessment.from_org),
                org_name(&hop.assessment.by_org)
            ),
        )
    });
    let mut meta = elc("span", "hop-meta")
        .kid(
            text_el(
                "span",
                "hop-with",
                hop.line.with.clone().unwrap_or_else(|| "–".into()),
            )
            .tid("hop-with"),
        )
        .kid(text_el("span", "hop-tls", tls_text(hop)).tid("hop-tls"));
    if let Some(d) = delay_text(hop) {
        meta = meta.kid(text_el("span", "hop-delay", d));
    }
    let button = elc("button", "hop-main")
        .at("type", "button")
        .at("id", format!("hop-{index}"))
        .at("aria-expanded", if open { "true" } else { "false" })
        .at("aria-controls", format!("hop-detail-{index}"))
        .at("data-action", "hop")
        .at("data-arg", index.to_string())
        .kid(text_el("span", "hop-num", index.to_string()).at("aria-label", format!("Hop {index}")))
        .kid(icon(kind))
        .kid(
            elc("span", "hop-route")
                .kid(text_el("span", "hop-from", from_text(hop)).tid("hop-from"))
                .kid(text_el("span", "arrow", " → ").at("aria-hidden", "true"))
                .kid(text_el("span", "visually-hidden", " to "))
                .kid(
                    text_el(
                        "span",
                        "hop-by",
                        hop.line
                            .by_host
                            .clone()
                            .unwrap_or_else(|| "(server not named)".into()),
                    )
                    .tid("hop-by"),
                ),
        )
        .kid(meta)
        .kid(
            text_el(
                "span",
                format!("hop-verdict badge badge-{kind}"),
                verdict_label(verdict),
            )
            .tid("hop-verdict")
            .at("data-verdict", verdict.to_string()),
        );
    let row = el("li")
        .at("class", row_class(hop, open))
        .tid("hop-row")
        .at("data-hop-index", index.to_string())
        .opt(handoff)
        .kid(button);
    if open {
        row.kid(super::detail::hop_detail(hop))
    } else {
        row
    }
}
