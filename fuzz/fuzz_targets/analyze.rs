//! Whatever bytes arrive, `analyze` returns a report: no panic, evidence spans inside their
//! raw field, the hop cap respected, and the report can be formatted.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let report = hoplock::analyze(data);
    assert!(report.hops.len() <= hoplock::core::intake::MAX_RECEIVED);
    for hop in &report.hops {
        for e in &hop.line.evidence {
            assert!(hop.line.raw.get(e.span.start..e.span.end).is_some());
        }
    }
    assert!(!format!("{report:?}").is_empty());
});
