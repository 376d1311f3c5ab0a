//! Native input for the audit: files and folders, read as streams, messages analysed in
//! parallel (rayon). Not compiled for wasm32 (the browser feeds [`super::Splitter`] itself).
//!
//! What a path may be: an mbox (any name: Thunderbird's have none), an `.mbox.gz` (gzip is
//! recognised by its magic bytes, not its name), one message (`.eml`, a Maildir file), an Outlook
//! `.msg` (compound-file magic), or a folder — walked recursively in name order, which covers
//! Maildir (`cur/`, `new/`; `tmp/` holds unfinished deliveries and is skipped) and trees of
//! `.eml`/`.msg`. A file met in a folder that is none of these is skipped and counted
//! ([`DiagnosticCode::SkippedFile`]); a path named on the command line is always audited.
//!
//! Memory stays bounded whatever the input: a reader thread splits the stream into batches of
//! header sections (at most [`BATCH_HEADER_BYTES`] each, two waiting in the channel), the caller's thread
//! analyses each batch on the rayon pool and folds the records into one [`Aggregate`].

use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::aggregate::{Aggregate, MessageRef};
use super::mbox::{DiagnosticCode, InputKind, MAX_MSG_BYTES, MessageHead, Splitter, input_kind};
use super::record::Record;

/// Header bytes per batch handed to the analysis (and at most this many messages).
pub const BATCH_HEADER_BYTES: usize = 1024 * 1024;
pub const BATCH_MESSAGES: usize = 1024;
/// Bytes read from a file at a time.
const READ_CHUNK: usize = 1024 * 1024;

/// One file to audit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub path: PathBuf,
    pub size: u64,
}

/// The files the paths name: folders expanded (sorted), files met in folders kept only when
/// they look like mail. Skipped and unreadable entries are counted in `aggregate`.
pub fn collect_sources(paths: &[PathBuf], aggregate: &mut Aggregate) -> Vec<Source> {
    let mut sources = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            // Standard input, read as a stream (`zcat big.mbox.gz | hoplock audit -`).
            sources.push(Source {
                path: path.clone(),
                size: 0,
            });
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut sources, aggregate),
            Ok(meta) => sources.push(Source {
                path: path.clone(),
                size: meta.len(),
            }),
            Err(_) => aggregate.diagnose(DiagnosticCode::ReadError, Some(file_ref(path))),
        }
    }
    sources
}

fn file_ref(path: &Path) -> MessageRef {
    MessageRef {
        source: path.display().to_string(),
        ..MessageRef::default()
    }
}

fn walk(dir: &Path, sources: &mut Vec<Source>, aggregate: &mut Aggregate) {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => {
            aggregate.diagnose(DiagnosticCode::ReadError, Some(file_ref(dir)));
            return;
        }
    };
    entries.sort();
    let maildir = dir.join("cur").is_dir() || dir.join("new").is_dir();
    for path in entries {
        // Not followed: symbolic links (no loops), so a link to a folder is not read.
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if !(maildir && path.file_name().is_some_and(|n| n == "tmp")) {
                walk(&path, sources, aggregate);
            }
        } else if meta.is_file() {
            if meta.len() > 0 && sniff(&path).is_some_and(|kind| kind != InputKind::Other) {
                sources.push(Source {
                    path,
                    size: meta.len(),
                });
            } else {
                aggregate.diagnose(DiagnosticCode::SkippedFile, Some(file_ref(&path)));
            }
        }
    }
}

fn sniff(path: &Path) -> Option<InputKind> {
    let mut first = [0u8; 4096];
    let mut file = File::open(path).ok()?;
    let n = read_full(&mut file, &mut first).ok()?;
    Some(input_kind(&first[..n]))
}

/// Fill `buf` as far as the reader goes (a short read is not the end).
fn read_full(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match reader.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// How the audit runs.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Mask local parts and IP addresses in the records (`--redact`).
    pub redact: bool,
    /// Draw the progress line on stderr (the caller decides: only on a terminal).
    pub progress: bool,
}

/// Whether stderr is a terminal (the progress line is drawn only there).
pub fn stderr_is_terminal() -> bool {
    io::stderr().is_terminal()
}

/// A batch of split messages of one source.
struct Batch {
    source: Arc<str>,
    messages: Vec<MessageHead>,
}

/// Messages or input-level diagnostics from the reader thread.
enum Event {
    Batch(Batch),
    Diagnostic(DiagnosticCode, MessageRef),
}

/// Counters the reader updates and the progress line reads.
#[derive(Default)]
struct Counters {
    bytes: AtomicU64,
}

/// Audit `sources`. With `on_record`, every record goes to it in input order (for `--jsonl`);
/// without, each batch is folded into partial aggregates on the rayon pool and merged (no
/// sequential step between batches). The returned aggregate is not yet `finish`ed.
pub fn audit(
    sources: &[Source],
    options: Options,
    mut on_record: Option<&mut dyn FnMut(&Record)>,
) -> Aggregate {
    let mut aggregate = Aggregate::new();
    aggregate.inputs = sources.len() as u64;
    let counters = Arc::new(Counters::default());
    let total_bytes: u64 = sources.iter().map(|s| s.size).sum();
    let mut progress = Progress::new(options.progress, total_bytes);
    let (tx, rx) = sync_channel::<Event>(2);
    let record = |head: &MessageHead, source: &str| {
        let mut record = Record::of(head, source);
        if options.redact {
            record.redact();
        }
        record
    };
    std::thread::scope(|scope| {
        let reader_counters = Arc::clone(&counters);
        scope.spawn(move || {
            for source in sources {
                read_source(source, &reader_counters, &mut |event| {
                    // The receiver only hangs up when the audit is over.
                    let _ = tx.send(event);
                });
            }
        });
        for event in rx {
            match event {
                Event::Diagnostic(code, at) => aggregate.diagnose(code, Some(at)),
                Event::Batch(batch) => match on_record.as_mut() {
                    Some(on_record) => {
                        let records: Vec<Record> = batch
                            .messages
                            .par_iter()
                            .map(|head| record(head, &batch.source))
                            .collect();
                        for r in &records {
                            aggregate.add(r);
                            on_record(r);
                        }
                    }
                    None => {
                        let part = batch
                            .messages
                            .par_iter()
                            .fold(Aggregate::new, |mut part, head| {
                                part.add(&record(head, &batch.source));
                                part
                            })
                            .reduce(Aggregate::new, |mut a, b| {
                                a.merge(&b);
                                a
                            });
                        aggregate.merge(&part);
                    }
                },
            }
            progress.draw(
                counters.bytes.load(Ordering::Relaxed),
                aggregate.totals.messages,
                false,
            );
        }
    });
    progress.draw(total_bytes, aggregate.totals.messages, true);
    aggregate
}

/// Split one file into batches (reader thread).
fn read_source(source: &Source, counters: &Counters, send: &mut impl FnMut(Event)) {
    let name: Arc<str> = Arc::from(source.path.display().to_string());
    let fail = |code, send: &mut dyn FnMut(Event)| {
        send(Event::Diagnostic(
            code,
            MessageRef {
                source: name.to_string(),
                ..MessageRef::default()
            },
        ))
    };
    let mut file: Box<dyn Read> = if source.path.as_os_str() == "-" {
        Box::new(io::stdin().lock())
    } else {
        match File::open(&source.path) {
            Ok(file) => Box::new(file),
            Err(_) => {
                fail(DiagnosticCode::ReadError, send);
                return;
            }
        }
    };
    let mut first = vec![0u8; READ_CHUNK];
    let Ok(n) = read_full(&mut file, &mut first) else {
        fail(DiagnosticCode::ReadError, send);
        return;
    };
    first.truncate(n);
    let mut batcher = Batcher::new(Arc::clone(&name));
    match input_kind(&first) {
        InputKind::OutlookMsg => {
            // The compound file is read whole; the core finds its transport headers.
            if source.size > MAX_MSG_BYTES {
                fail(DiagnosticCode::FileTooLarge, send);
                return;
            }
            let mut bytes = first;
            // Also bounded when the size was not known up front (standard input).
            let read = (&mut file).take(MAX_MSG_BYTES).read_to_end(&mut bytes);
            if read.is_err() {
                fail(DiagnosticCode::ReadError, send);
                return;
            }
            counters
                .bytes
                .fetch_add(bytes.len() as u64, Ordering::Relaxed);
            let length = bytes.len() as u64;
            batcher.push(
                MessageHead {
                    length,
                    header: bytes,
                    ..MessageHead::default()
                },
                send,
            );
        }
        InputKind::Gzip => {
            let counted = CountingReader {
                inner: io::Cursor::new(first).chain(file),
                counters,
            };
            let decoder = flate2::read::MultiGzDecoder::new(counted);
            if split_stream(decoder, &[], &mut batcher, send).is_err() {
                fail(DiagnosticCode::DecompressError, send);
            }
        }
        InputKind::Mail | InputKind::Other => {
            counters
                .bytes
                .fetch_add(first.len() as u64, Ordering::Relaxed);
            let counted = CountingReader {
                inner: file,
                counters,
            };
            if split_stream(counted, &first, &mut batcher, send).is_err() {
                fail(DiagnosticCode::ReadError, send);
            }
        }
    }
    batcher.flush(send);
}

/// Feed `first` and then the rest of `reader` through a splitter. On a read error the messages
/// split so far (and the cut-off last one) are still handed on.
fn split_stream(
    mut reader: impl Read,
    first: &[u8],
    batcher: &mut Batcher,
    send: &mut impl FnMut(Event),
) -> io::Result<()> {
    let mut splitter = Splitter::new();
    let mut push = |m: MessageHead| batcher.push(m, send);
    splitter.feed(first, &mut push);
    let mut buf = vec![0u8; READ_CHUNK];
    let result = loop {
        match reader.read(&mut buf) {
            Ok(0) => break Ok(()),
            Ok(n) => splitter.feed(&buf[..n], &mut push),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => break Err(e),
        }
    };
    splitter.finish(&mut push);
    result
}

/// Collects split messages into bounded batches.
struct Batcher {
    source: Arc<str>,
    messages: Vec<MessageHead>,
    header_bytes: usize,
}

impl Batcher {
    fn new(source: Arc<str>) -> Self {
        Batcher {
            source,
            messages: Vec::new(),
            header_bytes: 0,
        }
    }

    fn push(&mut self, message: MessageHead, send: &mut impl FnMut(Event)) {
        self.header_bytes += message.header.len();
        self.messages.push(message);
        if self.header_bytes >= BATCH_HEADER_BYTES || self.messages.len() >= BATCH_MESSAGES {
            self.flush(send);
        }
    }

    fn flush(&mut self, send: &mut impl FnMut(Event)) {
        if !self.messages.is_empty() {
            send(Event::Batch(Batch {
                source: Arc::clone(&self.source),
                messages: std::mem::take(&mut self.messages),
            }));
        }
        self.header_bytes = 0;
    }
}

/// Counts the (compressed) bytes read from a file, for the progress line.
struct CountingReader<'a, R> {
    inner: R,
    counters: &'a Counters,
}

impl<R: Read> Read for CountingReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counters.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The progress line on stderr: bytes, messages, messages/s, time left.
struct Progress {
    enabled: bool,
    total: u64,
    start: Instant,
    last: Option<Instant>,
}

impl Progress {
    fn new(enabled: bool, total: u64) -> Self {
        Progress {
            enabled,
            total,
            start: Instant::now(),
            last: None,
        }
    }

    fn draw(&mut self, bytes: u64, messages: u64, done: bool) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if !done
            && self
                .last
                .is_some_and(|l| now - l < Duration::from_millis(200))
        {
            return;
        }
        self.last = Some(now);
        let secs = (now - self.start).as_secs_f64().max(1e-3);
        let rate = messages as f64 / secs;
        let left = if bytes > 0 && bytes < self.total {
            let remaining = secs * (self.total - bytes) as f64 / bytes as f64;
            format!(
                "{}:{:02} left",
                remaining as u64 / 60,
                remaining as u64 % 60
            )
        } else {
            String::new()
        };
        let mut err = io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[K{:.1} / {:.1} MB  {} messages  {:.0} msg/s  {}",
            bytes as f64 / 1e6,
            self.total as f64 / 1e6,
            messages,
            rate,
            left
        );
        if done {
            let _ = writeln!(err);
        }
        let _ = err.flush();
    }
}
