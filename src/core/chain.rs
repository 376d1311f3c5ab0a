//! Hop chain: Received fields → hops in sender→recipient order, with delays and skew flags.
//!
//! Each MTA prepends its Received field, so the topmost field is the newest hop: the
//! chronological order is the reverse of header order (`received_index` 1 = topmost field).
//! Hops are never reordered by their dates — clocks disagree, and a negative delay is reported
//! as clock skew rather than hidden.

use crate::core::intake::HeaderBlock;
use crate::core::limits::Limits;
use crate::core::model::{Diagnostic, DiagnosticCode, ReceivedLine};
use crate::core::received;
use crate::core::wording::format_delay;

/// One hop before path reasoning.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ChainHop {
    /// 1-based chronological.
    pub index: usize,
    /// 1 = topmost Received field.
    pub received_index: usize,
    pub line: ReceivedLine,
    /// Seconds since the previous hop's timestamp; `None` when either has no date.
    pub delay_seconds: Option<i64>,
}

/// The ordered hops and what was noticed while ordering them.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Chain {
    pub hops: Vec<ChainHop>,
    /// Seconds from the first to the last timestamped hop (negative when the clocks disagree).
    pub total_transit_seconds: Option<i64>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Build the chain from the header block. Total: never panics.
pub fn build(block: &HeaderBlock) -> Chain {
    build_with(block, &Limits::DEFAULT)
}

/// [`build`] within `limits` (the bytes of one Received field analysed).
pub fn build_with(block: &HeaderBlock, limits: &Limits) -> Chain {
    let received: Vec<(usize, &str)> = block
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.name.eq_ignore_ascii_case("received"))
        .map(|(i, f)| {
            (
                block.field_lines.get(i).copied().unwrap_or(0),
                f.raw.as_str(),
            )
        })
        .collect();
    let count = received.len();
    let mut chain = Chain::default();
    for (i, (line_no, raw)) in received.iter().rev().enumerate() {
        let line = received::parse_with(raw, limits.field_bytes);
        let where_ = place(count - i, *line_no);
        for note in &line.notes {
            chain.diagnostics.push(Diagnostic::new(
                note.code,
                format!("{where_}: {}", note.text),
            ));
        }
        chain.hops.push(ChainHop {
            index: i + 1,
            received_index: count - i,
            line,
            delay_seconds: None,
        });
    }
    let mut previous: Option<(usize, i64)> = None;
    for k in 0..chain.hops.len() {
        let Some(time) = chain.hops[k].line.unix_time else {
            continue;
        };
        if let Some((p, prev_time)) = previous {
            let delay = time - prev_time;
            // Only adjacent hops get a delay: a gap in dates would mix several hops into one.
            if p + 1 == k {
                chain.hops[k].delay_seconds = Some(delay);
            }
            if delay < 0 {
                let (a, b) = (&chain.hops[p], &chain.hops[k]);
                chain.diagnostics.push(Diagnostic::new(DiagnosticCode::ClockSkew, format!(
                    "Clock skew: hop {} ({}) is timestamped {} before hop {} ({}), although it happened later. The servers' clocks disagree, so delays around it are unreliable.",
                    b.index,
                    host(&b.line),
                    format_delay(-delay),
                    a.index,
                    host(&a.line),
                )));
            }
        }
        previous = Some((k, time));
    }
    let first = chain.hops.iter().find_map(|h| h.line.unix_time);
    let last = chain.hops.iter().rev().find_map(|h| h.line.unix_time);
    let timed = chain
        .hops
        .iter()
        .filter(|h| h.line.unix_time.is_some())
        .count();
    if let (Some(a), Some(b)) = (first, last)
        && timed >= 2
    {
        chain.total_transit_seconds = Some(b - a);
    }
    chain
}

fn place(received_index: usize, line_no: usize) -> String {
    if line_no > 0 {
        format!("Received header {received_index} (line {line_no})")
    } else {
        format!("Received header {received_index}")
    }
}

fn host(line: &ReceivedLine) -> String {
    match line.by_host.as_deref() {
        Some(by) => format!("received by {by}"),
        None => "no receiving host named".into(),
    }
}
