//! Hop chain: Received fields → hops in sender→recipient order, with delays and skew flags.
//! (Stub: to be completed by the Received-dialect issue.)

use crate::core::intake::HeaderBlock;
use crate::core::received::{self, ReceivedLine};

/// One hop before path reasoning.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ChainHop {
    /// 1-based chronological.
    pub index: usize,
    /// 1 = topmost Received field.
    pub received_index: usize,
    pub line: ReceivedLine,
    pub delay_seconds: Option<i64>,
}

/// The ordered hops and what was noticed while ordering them.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Chain {
    pub hops: Vec<ChainHop>,
    pub total_transit_seconds: Option<i64>,
    pub diagnostics: Vec<String>,
}

/// Build the chain from the header block. Total: never panics.
pub fn build(block: &HeaderBlock) -> Chain {
    let received: Vec<&str> = block
        .fields
        .iter()
        .filter(|f| f.name.eq_ignore_ascii_case("received"))
        .map(|f| f.raw.as_str())
        .collect();
    let count = received.len();
    let hops = received
        .iter()
        .rev()
        .enumerate()
        .map(|(i, raw)| ChainHop {
            index: i + 1,
            received_index: count - i,
            line: received::parse(raw),
            delay_seconds: None,
        })
        .collect();
    Chain {
        hops,
        ..Chain::default()
    }
}
