//! Whatever bytes arrive, in whatever chunks, the mailbox splitter gives the same messages: in
//! stream order, inside the input, mbox messages at their `From ` line, header sections within
//! the cap; every message becomes a record, and the audit of two halves merges into the audit
//! of the whole.
//!
//! The first byte chooses the chunk size and the header cap (small caps reach the truncation
//! paths); the rest is the mailbox.
#![no_main]

use hoplock::audit::mbox::split_in_chunks;
use hoplock::audit::{Aggregate, Record};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&control, input)) = data.split_first() else {
        return;
    };
    let chunk = usize::from(control % 61) + 1;
    let cap = 16 + usize::from(control) * 64;
    let (whole, mbox) = split_in_chunks(input, input.len(), cap);
    let (chunked, _) = split_in_chunks(input, chunk, cap);
    assert_eq!(whole, chunked, "chunk size {chunk} changed the messages");
    let mut end = 0u64;
    for (i, m) in whole.iter().enumerate() {
        assert_eq!(m.index, i as u64);
        assert!(m.header.len() <= cap);
        assert!(m.offset >= end, "messages overlap");
        end = m.offset + m.length;
        assert!(end <= input.len() as u64);
        if mbox == Some(true) {
            assert!(input[m.offset as usize..].starts_with(b"From "));
        }
    }
    let records: Vec<Record> = whole.iter().take(32).map(|m| Record::of(m, "fuzz")).collect();
    let mut all = Aggregate::new();
    records.iter().for_each(|r| all.add(r));
    all.finish();
    let (a, b) = records.split_at(records.len() / 2);
    let mut merged = Aggregate::new();
    for part in [b, a] {
        let mut p = Aggregate::new();
        part.iter().for_each(|r| p.add(r));
        merged.merge(&p);
    }
    merged.finish();
    assert_eq!(merged, all);
});
