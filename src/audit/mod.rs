//! The mailbox audit: many messages → one mergeable table of who still sends without TLS.
//!
//! The pure parts are sans-IO and compile for wasm32 too (the browser audit runs them in a Web
//! Worker over `Blob.stream()` chunks):
//!
//! - [`mbox`] — a push-style splitter: feed byte chunks of an mbox (or one message), get each
//!   message's header section; bodies are skipped with a SIMD substring search.
//! - [`record`] — one message's [`crate::core::analyze`] report reduced to a [`Record`]
//!   (the summary verdict is the core's, never recomputed).
//! - [`aggregate`] — totals, per-domain / per-organisation tables, the monthly timeline and the
//!   regressions, as an [`Aggregate`] whose `merge` is associative and commutative, so shards
//!   audited apart (threads, processes, machines) merge into the whole audit.
//!
//! - [`session`] — an audit fed input by input, with an index of its messages: what the
//!   browser's worker runs; [`aggregate::Aggregate::domain_csv`] is the `--csv` table.
//!
//! Native only: [`native`] walks files and directories (mbox, `.mbox.gz`, Maildir, trees of
//! `.eml`/`.msg`) and analyses the messages in parallel.

pub mod aggregate;
pub mod mbox;
#[cfg(not(target_arch = "wasm32"))]
pub mod native;
pub mod record;
pub mod session;

pub use aggregate::Aggregate;
pub use mbox::{DiagnosticCode, MessageHead, Splitter};
pub use record::Record;
