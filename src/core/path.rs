//! Path reasoning: scope of each hop (internal / cross-provider / submission / local), provider
//! knowledge, per-hop verdict with its rule, the overall verdict and the caveats.
//! (Stub: to be completed by the path-reasoning issue.)

use serde::Serialize;

use crate::core::chain::Chain;
use crate::core::intake::HeaderBlock;
use crate::core::report::{Hop, Report, Summary};

/// What the path reasoning concluded about one hop. `scope`, `verdict`, `reason` are the contract.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct HopAssessment {
    /// `internal` | `cross-provider` | `submission` | `local` | `unknown`.
    pub scope: String,
    /// `encrypted` | `not-encrypted` | `not-encrypted-inferred` | `not-recorded` | `internal` | `local`.
    pub verdict: String,
    /// Plain-language explanation of the verdict and the rule that produced it.
    pub reason: String,
}

/// Reason over the whole path. Total: never panics.
pub fn assess(block: HeaderBlock, chain: Chain) -> Report {
    let hops: Vec<Hop> = chain
        .hops
        .into_iter()
        .map(|h| Hop {
            index: h.index,
            received_index: h.received_index,
            line: h.line,
            delay_seconds: h.delay_seconds,
            assessment: HopAssessment {
                scope: "unknown".into(),
                verdict: "not-recorded".into(),
                reason: "Path reasoning is not implemented yet.".into(),
            },
        })
        .collect();
    let mut diagnostics = block.diagnostics;
    diagnostics.extend(chain.diagnostics);
    if hops.is_empty() {
        diagnostics.push("No Received headers found.".into());
    }
    let summary = if hops.is_empty() {
        Summary {
            verdict: "no-hops".into(),
            text: "No Received headers were found, so there is no route to judge.".into(),
        }
    } else {
        Summary {
            verdict: "unknown".into(),
            text: "Path reasoning is not implemented yet.".into(),
        }
    };
    Report {
        hops,
        summary,
        diagnostics,
        total_transit_seconds: chain.total_transit_seconds,
        headers: block.fields,
        ..Report::default()
    }
}
