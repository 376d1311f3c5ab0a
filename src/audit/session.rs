//! An audit fed from outside, one input after another, as chunks: what the browser's Web Worker
//! runs (`src/bin/hoplock-worker.rs` reads the files with `Blob.stream()`, gzip through the
//! browser's `DecompressionStream`, and hands the bytes here). Sans-IO and single-threaded; the
//! command line's parallel reader is [`super::native`].
//!
//! Besides the [`Aggregate`], a session keeps a compact index of every message (where it is,
//! its line in the totals, its date, its sender domain and organisation) so that the page can
//! list a domain's messages and read one again from its file, without keeping any header text.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::aggregate::{Aggregate, GroupKind, MessageRef, NO_DOMAIN, NO_ORGANISATION, Regression};
use super::mbox::{DiagnosticCode, InputKind, MAX_MSG_BYTES, MessageHead, Splitter, split_all};
use super::record::{Class, Record, TlsVersion, date_of};

/// Messages the index keeps (about 40 bytes each); later ones are counted but not listed.
pub const MAX_INDEXED: usize = 4_000_000;

/// One input file of the session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Input {
    pub name: String,
    pub kind: Kind,
}

/// [`InputKind`] as the session names it to the reader (and the JSON).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Mail,
    Gzip,
    OutlookMsg,
    Skipped,
}

/// Where one message is, and what the audit made of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    input: u32,
    offset: u64,
    length: u64,
    timestamp: Option<i64>,
    domain: u32,
    organisation: u32,
    class: Class,
    hops: u32,
}

/// A listed message, as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listed {
    /// The input's position in the session and the message's byte offset in it (decompressed
    /// for gzip): what [`Session::locate`] takes to read the message again.
    pub input: u32,
    pub offset: u64,
    pub file: String,
    pub date: Option<String>,
    pub class: Class,
    pub domain: String,
    pub organisation: String,
    pub hops: u32,
}

/// Where to read a message again: the input, the byte range (of the decompressed stream for
/// gzip) and the input's kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    pub input: u32,
    pub kind: Kind,
    pub offset: u64,
    pub length: u64,
}

/// The input being read.
enum Current {
    Split(Box<Splitter>),
    /// An Outlook .msg, collected whole (the compound file cannot be streamed).
    Whole(Vec<u8>),
    Skipped,
}

/// An audit in progress. Call [`Session::begin`] for each input, [`Session::feed`] its bytes,
/// [`Session::end`]; read [`Session::digest`] at any time.
pub struct Session {
    aggregate: Aggregate,
    inputs: Vec<Input>,
    current: Option<Current>,
    entries: Vec<Entry>,
    /// Domain and organisation keys, interned for the index.
    names: Vec<String>,
    name_ids: BTreeMap<String, u32>,
    /// Bytes handed to [`Session::feed`] (decompressed bytes for gzip).
    bytes_read: u64,
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

impl Session {
    pub fn new() -> Self {
        Session {
            aggregate: Aggregate::new(),
            inputs: Vec::new(),
            current: None,
            entries: Vec::new(),
            names: Vec::new(),
            name_ids: BTreeMap::new(),
            bytes_read: 0,
        }
    }

    /// Start the next input, given its name and first bytes (4 KiB are plenty). A file met in a
    /// folder that is neither a mailbox nor a message is skipped and counted, as the command
    /// line does; a file picked on its own is always audited. Returns what the reader must do:
    /// feed the bytes as they are, decompress them first, or read nothing.
    pub fn begin(&mut self, name: &str, first: &[u8], in_folder: bool) -> Kind {
        self.end();
        let kind = match super::mbox::input_kind(first) {
            InputKind::Gzip => Kind::Gzip,
            InputKind::OutlookMsg => Kind::OutlookMsg,
            InputKind::Other if in_folder => Kind::Skipped,
            InputKind::Mail | InputKind::Other => Kind::Mail,
        };
        // `inputs` counts the files read, as the command line's (a skipped file is only a
        // diagnostic there); every file still gets its index, the page's position of the file.
        if kind != Kind::Skipped {
            self.aggregate.inputs += 1;
        }
        self.inputs.push(Input {
            name: name.to_string(),
            kind,
        });
        self.current = Some(match kind {
            Kind::Mail | Kind::Gzip => Current::Split(Box::default()),
            Kind::OutlookMsg => Current::Whole(Vec::new()),
            Kind::Skipped => {
                self.diagnose_input(DiagnosticCode::SkippedFile);
                Current::Skipped
            }
        });
        kind
    }

    /// The next bytes of the current input (decompressed, for gzip).
    pub fn feed(&mut self, chunk: &[u8]) {
        self.bytes_read += chunk.len() as u64;
        let Some(current) = self.current.take() else {
            return;
        };
        self.current = Some(match current {
            Current::Split(mut splitter) => {
                let mut heads = Vec::new();
                splitter.feed(chunk, &mut |head| heads.push(head));
                self.add_all(heads);
                Current::Split(splitter)
            }
            Current::Whole(mut bytes) => {
                if bytes.len() as u64 + chunk.len() as u64 > MAX_MSG_BYTES {
                    self.diagnose_input(DiagnosticCode::FileTooLarge);
                    Current::Skipped
                } else {
                    bytes.extend_from_slice(chunk);
                    Current::Whole(bytes)
                }
            }
            Current::Skipped => Current::Skipped,
        });
    }

    /// The reader could not go on with the current input (a read error, damaged gzip): what was
    /// read is kept, the problem counted, and the input ended.
    pub fn fail(&mut self, code: DiagnosticCode) {
        self.diagnose_input(code);
        self.end();
    }

    /// The current input is over.
    pub fn end(&mut self) {
        match self.current.take() {
            Some(Current::Split(splitter)) => {
                let mut heads = Vec::new();
                splitter.finish(&mut |head| heads.push(head));
                self.add_all(heads);
            }
            Some(Current::Whole(bytes)) => {
                let length = bytes.len() as u64;
                self.add_all(vec![MessageHead {
                    length,
                    header: bytes,
                    ..MessageHead::default()
                }]);
            }
            Some(Current::Skipped) | None => {}
        }
    }

    fn input_name(&self) -> &str {
        self.inputs.last().map_or("", |i| i.name.as_str())
    }

    fn diagnose_input(&mut self, code: DiagnosticCode) {
        let at = MessageRef {
            source: self.input_name().to_string(),
            ..MessageRef::default()
        };
        self.aggregate.diagnose(code, Some(at));
    }

    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.name_ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.to_string());
        self.name_ids.insert(name.to_string(), id);
        id
    }

    fn add_all(&mut self, heads: Vec<MessageHead>) {
        let input = self.inputs.len().saturating_sub(1) as u32;
        for head in heads {
            let record = Record::of(&head, self.input_name());
            self.aggregate.add(&record);
            if self.entries.len() < MAX_INDEXED {
                let domain = self.intern(record.from_domain.as_deref().unwrap_or(NO_DOMAIN));
                let organisation =
                    self.intern(record.organisation.as_deref().unwrap_or(NO_ORGANISATION));
                self.entries.push(Entry {
                    input,
                    offset: head.offset,
                    length: head.length,
                    timestamp: record.timestamp,
                    domain,
                    organisation,
                    class: record.class(),
                    hops: record.hops as u32,
                });
            }
        }
    }

    /// Messages counted so far.
    pub fn messages(&self) -> u64 {
        self.aggregate.totals.messages
    }

    /// Bytes handed to [`Session::feed`] so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// The inputs begun so far.
    pub fn inputs(&self) -> &[Input] {
        &self.inputs
    }

    /// The audit so far, finished (regressions derived), redacted on request: the command
    /// line's `hoplock audit --json` of the same files.
    pub fn aggregate(&self, redacted: bool) -> Aggregate {
        let mut aggregate = if redacted {
            self.aggregate.redacted()
        } else {
            self.aggregate.clone()
        };
        aggregate.finish();
        aggregate
    }

    /// The audit so far, in the shape the page shows.
    /// Read twice a second while the audit runs: the aggregate is not copied, its regressions
    /// are derived beside it.
    pub fn digest(&self) -> Digest {
        let regressions = self.aggregate.derive_regressions();
        let mut digest = Digest::of(&self.aggregate, &regressions, self.bytes_read);
        for (row, r) in digest.regressions.iter_mut().zip(&regressions) {
            row.input = self.input_of(&r.message.source);
        }
        digest
    }

    /// Up to `limit` messages of one domain or organisation (by its key), oldest first, and how
    /// many it has.
    pub fn list(&self, group: GroupKind, key: &str, limit: usize) -> Listing {
        let Some(&id) = self.name_ids.get(key) else {
            return Listing::default();
        };
        let mut found: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| match group {
                GroupKind::Domain => e.domain == id,
                GroupKind::Organisation => e.organisation == id,
            })
            .collect();
        let total = found.len() as u64;
        found.sort_by_key(|e| (e.timestamp.is_none(), e.timestamp, e.input, e.offset));
        let messages = found
            .into_iter()
            .take(limit)
            .map(|e| Listed {
                input: e.input,
                offset: e.offset,
                file: self.inputs[e.input as usize].name.clone(),
                date: e.timestamp.map(date_of),
                class: e.class,
                domain: self.names[e.domain as usize].clone(),
                organisation: self.names[e.organisation as usize].clone(),
                hops: e.hops,
            })
            .collect();
        Listing { messages, total }
    }

    /// Where the message at `offset` of input `input` is (a listed one, or a regression's).
    pub fn locate(&self, input: u32, offset: u64) -> Option<Location> {
        let at = self
            .entries
            .binary_search_by_key(&(input, offset), |e| (e.input, e.offset))
            .ok()?;
        let entry = &self.entries[at];
        Some(Location {
            input,
            kind: self.inputs.get(input as usize)?.kind,
            offset: entry.offset,
            length: entry.length,
        })
    }

    /// The position of the input named `name` (regressions name their message's input).
    pub fn input_of(&self, name: &str) -> Option<u32> {
        self.inputs
            .iter()
            .position(|i| i.name == name)
            .map(|i| i as u32)
    }
}

/// The header text of a message read again from its file: the bytes from its offset (its
/// `From ` line in an mbox) on, or a whole Outlook .msg.
pub fn header_text(bytes: &[u8]) -> String {
    if let Some(headers) = crate::core::outlook_msg::transport_headers(bytes) {
        return headers;
    }
    let head = split_all(bytes).into_iter().next().unwrap_or_default();
    String::from_utf8_lossy(&head.header).into_owned()
}

/// Messages by the three lines people act on (`unknown`: not stated; for a group or a month
/// it also counts messages without Received headers and inputs that were not email).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Mix {
    pub encrypted: u64,
    pub not_encrypted: u64,
    pub unknown: u64,
}

impl Mix {
    fn of(c: &super::aggregate::Counts) -> Mix {
        Mix {
            encrypted: c.encrypted,
            not_encrypted: c.not_encrypted,
            unknown: c.unknown + c.no_hops + c.unreadable,
        }
    }

    pub fn total(self) -> u64 {
        self.encrypted + self.not_encrypted + self.unknown
    }
}

/// The audit in the shape the page shows (the engine worker sends it as JSON, the audit view
/// reads it back into this type): totals, the two tables, the timeline, the TLS-version mix, the
/// regressions and the input problems. Dates are `YYYY-MM-DD`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digest {
    pub messages: u64,
    /// The totals' own lines: `mix.unknown` is the command line's `unknown` alone.
    pub mix: Mix,
    pub no_hops: u64,
    pub unreadable: u64,
    pub inputs: u64,
    pub bytes: u64,
    /// Messages by the oldest TLS version of their hand-offs (`TlsVersion::ALL` order, oldest
    /// first), and the messages graded weak or broken.
    pub tls: [u64; 5],
    pub weak: u64,
    pub domains: Vec<Row>,
    pub organisations: Vec<Row>,
    pub months: Vec<Month>,
    pub regressions: Vec<RegressionRow>,
    pub problems: Vec<Problem>,
}

/// One line of the per-domain or per-organisation table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Row {
    pub key: String,
    pub name: String,
    pub messages: u64,
    pub mix: Mix,
    pub tls: [u64; 5],
    pub weak: u64,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Month {
    pub month: String,
    pub mix: Mix,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegressionRow {
    pub group: GroupKind,
    pub key: String,
    pub name: String,
    pub text: String,
    pub month: String,
    /// The message where it happened: its input (by position) and offset, for reading it again.
    pub input: Option<u32>,
    pub offset: u64,
    pub date: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub code: DiagnosticCode,
    pub count: u64,
    pub text: String,
    pub first: Option<String>,
}

/// Some of a group's messages, and how many it has ([`Session::list`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    pub messages: Vec<Listed>,
    pub total: u64,
}

fn tls_mix(versions: &BTreeMap<TlsVersion, u64>) -> [u64; 5] {
    TlsVersion::ALL.map(|v| versions.get(&v).copied().unwrap_or(0))
}

impl Digest {
    /// The digest of an aggregate and its regressions (`bytes`: bytes read, decompressed).
    pub fn of(a: &Aggregate, regressions: &[Regression], bytes: u64) -> Digest {
        let rows = |groups: &BTreeMap<String, super::aggregate::Group>| {
            groups
                .iter()
                .map(|(key, g)| Row {
                    key: key.clone(),
                    name: g.name.clone(),
                    messages: g.counts.messages,
                    mix: Mix::of(&g.counts),
                    tls: tls_mix(&g.tls_versions),
                    weak: g.weak,
                    first_seen: g.first_seen.map(date_of),
                    last_seen: g.last_seen.map(date_of),
                })
                .collect::<Vec<Row>>()
        };
        let domains = rows(&a.by_domain);
        let mut tls = [0; 5];
        let mut weak = 0;
        for g in a.by_domain.values() {
            for (slot, n) in tls.iter_mut().zip(tls_mix(&g.tls_versions)) {
                *slot += n;
            }
            weak += g.weak;
        }
        Digest {
            messages: a.totals.messages,
            mix: Mix {
                encrypted: a.totals.encrypted,
                not_encrypted: a.totals.not_encrypted,
                unknown: a.totals.unknown,
            },
            no_hops: a.totals.no_hops,
            unreadable: a.totals.unreadable,
            inputs: a.inputs,
            bytes,
            tls,
            weak,
            domains,
            organisations: rows(&a.by_organisation),
            months: a
                .timeline
                .iter()
                .map(|(month, c)| Month {
                    month: month.clone(),
                    mix: Mix::of(c),
                })
                .collect(),
            regressions: regressions
                .iter()
                .map(|r| RegressionRow {
                    group: r.group,
                    key: r.key.clone(),
                    name: r.name.clone(),
                    text: match (r.from_version, r.to_version) {
                        (Some(from), Some(to)) => {
                            format!("{} ({} → {})", r.kind.text(), from.name(), to.name())
                        }
                        _ => r.kind.text().to_string(),
                    },
                    month: r.month.clone(),
                    input: None,
                    offset: r.message.offset,
                    date: r.message.date.clone(),
                })
                .collect(),
            problems: a
                .diagnostics
                .iter()
                .map(|(code, d)| Problem {
                    code: *code,
                    count: d.count,
                    text: d.text.clone(),
                    first: d.first.as_ref().map(|m| m.source.clone()),
                })
                .collect(),
        }
    }
}
