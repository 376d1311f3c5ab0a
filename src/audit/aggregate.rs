//! The audit of many messages: totals, per-domain and per-organisation tables, the monthly
//! timeline and the regressions, as one mergeable value (`hoplock audit --json`).
//!
//! [`Aggregate::merge`] is associative and commutative (sums, minima and maxima, "first"
//! messages chosen by a total order), so an archive split across threads, processes or machines
//! merges into exactly the audit of the whole (tested). Regressions need the order of messages
//! in time, which a split loses; each group therefore keeps a small per-month history (counts and
//! the first message of each kind in the month), and [`Aggregate::finish`] derives the
//! regressions from it. All numbers are integers (shares are left to the reader), so the
//! browser's float-free JSON writer (`core::export::json`) writes it as well as serde_json.
//!
//! The JSON contract is documented in `docs/audit.md`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::mbox::DiagnosticCode;
use super::record::{Class, Grade, Record, TlsVersion, date_of};

/// The version of the JSON contract ([`Aggregate::format`]).
pub const FORMAT: &str = "hoplock-audit/1";

/// The `by_domain` key of messages whose From address has no readable domain.
pub const NO_DOMAIN: &str = "(none)";
/// The `by_organisation` key of messages whose sending organisation is not known.
pub const NO_ORGANISATION: &str = "(unknown)";

/// Messages per line of the totals. `messages` is the sum of the other five.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub struct Counts {
    pub messages: u64,
    pub encrypted: u64,
    pub not_encrypted: u64,
    pub unknown: u64,
    pub no_hops: u64,
    pub unreadable: u64,
}

impl Counts {
    pub fn add(&mut self, class: Class) {
        self.messages += 1;
        *match class {
            Class::Encrypted => &mut self.encrypted,
            Class::NotEncrypted => &mut self.not_encrypted,
            Class::Unknown => &mut self.unknown,
            Class::NoHops => &mut self.no_hops,
            Class::Unreadable => &mut self.unreadable,
        } += 1;
    }

    pub fn merge(&mut self, other: &Counts) {
        self.messages += other.messages;
        self.encrypted += other.encrypted;
        self.not_encrypted += other.not_encrypted;
        self.unknown += other.unknown;
        self.no_hops += other.no_hops;
        self.unreadable += other.unreadable;
    }
}

/// A message named in the audit (a regression's first message, a diagnostic's first case).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct MessageRef {
    pub source: String,
    pub index: u64,
    pub offset: u64,
    pub message_id: Option<String>,
    pub date: Option<String>,
    pub timestamp: Option<i64>,
}

impl MessageRef {
    pub fn of(record: &Record) -> MessageRef {
        MessageRef {
            source: record.source.clone(),
            index: record.index,
            offset: record.offset,
            message_id: record.message_id.clone(),
            date: record.date.clone(),
            timestamp: record.timestamp,
        }
    }

    /// The total order "first" means: by time (undated last), then source, then position.
    fn order_key(&self) -> (bool, i64, &str, u64) {
        (
            self.timestamp.is_none(),
            self.timestamp.unwrap_or(0),
            &self.source,
            self.index,
        )
    }
}

/// Keep the earlier of two optional messages.
fn keep_first(slot: &mut Option<MessageRef>, candidate: Option<&MessageRef>) {
    if let Some(c) = candidate
        && slot.as_ref().is_none_or(|s| c.order_key() < s.order_key())
    {
        *slot = Some(c.clone());
    }
}

/// How often a diagnostic occurred, and its first case.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct DiagnosticCount {
    pub count: u64,
    /// The sentence of [`DiagnosticCode::text`].
    pub text: String,
    pub first: Option<MessageRef>,
}

/// One month of a group: what the regressions are derived from.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct MonthHistory {
    pub encrypted: u64,
    #[serde(rename = "not-encrypted")]
    pub not_encrypted: u64,
    pub first_encrypted: Option<MessageRef>,
    pub first_not_encrypted: Option<MessageRef>,
    /// The first message through a provider that always records TLS and recorded none.
    pub first_provider_did_not_log: Option<MessageRef>,
    /// The first message of the month with each weakest TLS version.
    pub first_by_tls_version: BTreeMap<TlsVersion, MessageRef>,
}

impl MonthHistory {
    fn merge(&mut self, other: &MonthHistory) {
        self.encrypted += other.encrypted;
        self.not_encrypted += other.not_encrypted;
        keep_first(&mut self.first_encrypted, other.first_encrypted.as_ref());
        keep_first(
            &mut self.first_not_encrypted,
            other.first_not_encrypted.as_ref(),
        );
        keep_first(
            &mut self.first_provider_did_not_log,
            other.first_provider_did_not_log.as_ref(),
        );
        for (version, first) in &other.first_by_tls_version {
            let slot = self.first_by_tls_version.get(version).cloned();
            let mut slot = slot;
            keep_first(&mut slot, Some(first));
            if let Some(s) = slot {
                self.first_by_tls_version.insert(*version, s);
            }
        }
    }
}

/// One row of the per-domain or per-organisation table.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Group {
    /// The display name (the organisation's short name; the domain itself for domains).
    pub name: String,
    #[serde(flatten)]
    pub counts: Counts,
    /// Messages by the oldest TLS version recorded on their hand-offs between providers.
    pub tls_versions: BTreeMap<TlsVersion, u64>,
    /// Messages whose weakest recorded TLS was graded weak or broken.
    pub weak: u64,
    /// Messages through a provider that always records TLS and recorded none.
    pub provider_did_not_log: u64,
    /// Unix seconds of the first and last dated message.
    pub first_seen: Option<i64>,
    pub last_seen: Option<i64>,
    /// Dated messages by `YYYY-MM` (merge state for the regressions).
    pub history: BTreeMap<String, MonthHistory>,
}

impl Group {
    fn add(&mut self, record: &Record, name: &str) {
        if self.name.is_empty() {
            self.name = name.to_string();
        }
        self.counts.add(record.class());
        if let Some(v) = record.weakest_tls {
            *self.tls_versions.entry(v).or_default() += 1;
        }
        if record.weakest_grade.is_some_and(|g| g <= Grade::Weak) {
            self.weak += 1;
        }
        if record.provider_did_not_log {
            self.provider_did_not_log += 1;
        }
        if let Some(t) = record.timestamp {
            self.first_seen = Some(self.first_seen.map_or(t, |f| f.min(t)));
            self.last_seen = Some(self.last_seen.map_or(t, |l| l.max(t)));
        }
        let Some(month) = &record.month else {
            return;
        };
        let here = MessageRef::of(record);
        let cell = self.history.entry(month.clone()).or_default();
        match record.class() {
            Class::Encrypted => {
                cell.encrypted += 1;
                keep_first(&mut cell.first_encrypted, Some(&here));
            }
            Class::NotEncrypted => {
                cell.not_encrypted += 1;
                keep_first(&mut cell.first_not_encrypted, Some(&here));
            }
            _ => {}
        }
        if record.provider_did_not_log {
            keep_first(&mut cell.first_provider_did_not_log, Some(&here));
        }
        if let Some(v) = record.weakest_tls {
            let mut slot = cell.first_by_tls_version.get(&v).cloned();
            keep_first(&mut slot, Some(&here));
            if let Some(s) = slot {
                cell.first_by_tls_version.insert(v, s);
            }
        }
    }

    fn merge(&mut self, other: &Group) {
        if self.name.is_empty() {
            self.name = other.name.clone();
        }
        self.counts.merge(&other.counts);
        for (v, n) in &other.tls_versions {
            *self.tls_versions.entry(*v).or_default() += n;
        }
        self.weak += other.weak;
        self.provider_did_not_log += other.provider_did_not_log;
        self.first_seen = min_opt(self.first_seen, other.first_seen);
        self.last_seen = match (self.last_seen, other.last_seen) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        for (month, cell) in &other.history {
            self.history.entry(month.clone()).or_default().merge(cell);
        }
    }
}

fn min_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Whether a regression is about a sender domain or a sending organisation.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum GroupKind {
    Domain,
    Organisation,
}

impl GroupKind {
    pub const ALL: [GroupKind; 2] = [GroupKind::Domain, GroupKind::Organisation];

    /// The name, as in the JSON (`domain`, `organisation`).
    pub fn name(self) -> &'static str {
        match self {
            GroupKind::Domain => "domain",
            GroupKind::Organisation => "organisation",
        }
    }
}

/// `part` as a rounded percentage of `total` (`None` when there is no total): the tables' shares.
pub fn percent(part: u64, total: u64) -> Option<u64> {
    (total > 0).then(|| (part * 100 + total / 2) / total)
}

/// What got worse.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum RegressionKind {
    /// Delivered with TLS on every hand-off, and in a later month a message was not encrypted.
    TlsLost,
    /// In a later month, an older TLS version than before.
    OlderTlsVersion,
    /// After delivering with TLS, a later message went through a provider that always records
    /// TLS, and it recorded none.
    ProviderDidNotLog,
}

impl RegressionKind {
    pub fn text(self) -> &'static str {
        match self {
            RegressionKind::TlsLost => "delivered with TLS before, later without",
            RegressionKind::OlderTlsVersion => "later delivered with an older TLS version",
            RegressionKind::ProviderDidNotLog => {
                "later through a provider that always records TLS, and it recorded none"
            }
        }
    }
}

/// A domain or organisation that got worse, with the first message where it happened.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Regression {
    pub group: GroupKind,
    /// The `by_domain` / `by_organisation` key, and its display name.
    pub key: String,
    pub name: String,
    pub kind: RegressionKind,
    /// The month it first happened (`YYYY-MM`), and its first message in that month.
    pub month: String,
    pub message: MessageRef,
    /// The earlier message it is worse than (the first encrypted one, or the first with the
    /// newer TLS version).
    pub before: MessageRef,
    /// For `older-tls-version`: the newer version seen before and the older one seen after.
    pub from_version: Option<TlsVersion>,
    pub to_version: Option<TlsVersion>,
}

/// The audit of a set of messages (`hoplock audit --json`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Aggregate {
    /// [`FORMAT`]: the contract version.
    pub format: String,
    pub totals: Counts,
    /// Input files (or browser files) read, and message bytes seen.
    pub inputs: u64,
    pub bytes: u64,
    /// Named problems with the input, counted, with their first case (`DiagnosticCode` names).
    pub diagnostics: BTreeMap<DiagnosticCode, DiagnosticCount>,
    pub by_domain: BTreeMap<String, Group>,
    pub by_organisation: BTreeMap<String, Group>,
    /// Dated messages by `YYYY-MM`, and the undated ones.
    pub timeline: BTreeMap<String, Counts>,
    pub undated: Counts,
    /// Derived by [`Aggregate::finish`] (ignored when merging: recomputed from the histories).
    #[serde(default)]
    pub regressions: Vec<Regression>,
}

impl Default for Aggregate {
    fn default() -> Self {
        Aggregate {
            format: FORMAT.to_string(),
            totals: Counts::default(),
            inputs: 0,
            bytes: 0,
            diagnostics: BTreeMap::new(),
            by_domain: BTreeMap::new(),
            by_organisation: BTreeMap::new(),
            timeline: BTreeMap::new(),
            undated: Counts::default(),
            regressions: Vec::new(),
        }
    }
}

impl Aggregate {
    pub fn new() -> Self {
        Self::default()
    }

    /// Count one message.
    pub fn add(&mut self, record: &Record) {
        let class = record.class();
        self.totals.add(class);
        self.bytes += record.length;
        for &code in &record.diagnostics {
            self.diagnose(code, Some(MessageRef::of(record)));
        }
        let domain = record.from_domain.as_deref().unwrap_or(NO_DOMAIN);
        self.by_domain
            .entry(domain.to_string())
            .or_default()
            .add(record, domain);
        let (org, org_name) = match (&record.organisation, &record.organisation_name) {
            (Some(id), Some(name)) => (id.as_str(), name.as_str()),
            (Some(id), None) => (id.as_str(), id.as_str()),
            _ => (NO_ORGANISATION, NO_ORGANISATION),
        };
        self.by_organisation
            .entry(org.to_string())
            .or_default()
            .add(record, org_name);
        match &record.month {
            Some(month) => self.timeline.entry(month.clone()).or_default().add(class),
            None => self.undated.add(class),
        }
    }

    /// Count a diagnostic about an input rather than a message (an unreadable file, a skipped
    /// one), or about a message (`first` names it).
    pub fn diagnose(&mut self, code: DiagnosticCode, first: Option<MessageRef>) {
        let entry = self
            .diagnostics
            .entry(code)
            .or_insert_with(|| DiagnosticCount {
                text: code.text().to_string(),
                ..DiagnosticCount::default()
            });
        entry.count += 1;
        keep_first(&mut entry.first, first.as_ref());
    }

    /// Merge another shard's audit into this one. Regressions are cleared: call
    /// [`Aggregate::finish`] after the last merge.
    pub fn merge(&mut self, other: &Aggregate) {
        self.totals.merge(&other.totals);
        self.inputs += other.inputs;
        self.bytes += other.bytes;
        for (code, d) in &other.diagnostics {
            let entry = self
                .diagnostics
                .entry(*code)
                .or_insert_with(|| DiagnosticCount {
                    text: code.text().to_string(),
                    ..DiagnosticCount::default()
                });
            entry.count += d.count;
            keep_first(&mut entry.first, d.first.as_ref());
        }
        for (key, g) in &other.by_domain {
            self.by_domain.entry(key.clone()).or_default().merge(g);
        }
        for (key, g) in &other.by_organisation {
            self.by_organisation
                .entry(key.clone())
                .or_default()
                .merge(g);
        }
        for (month, c) in &other.timeline {
            self.timeline.entry(month.clone()).or_default().merge(c);
        }
        self.undated.merge(&other.undated);
        self.regressions.clear();
    }

    /// `--csv`: the per-domain table, one row per sender domain, in key order.
    pub fn domain_csv(&self) -> String {
        let mut out = String::from(
            "domain,messages,encrypted,not_encrypted,unknown,no_hops,unreadable,tls13,tls12,tls11,tls10,ssl3,weak,provider_did_not_log,first_seen,last_seen\n",
        );
        for (domain, g) in &self.by_domain {
            let c = &g.counts;
            let v = |version| g.tls_versions.get(&version).copied().unwrap_or(0);
            out += &format!(
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                csv_field(domain),
                c.messages,
                c.encrypted,
                c.not_encrypted,
                c.unknown,
                c.no_hops,
                c.unreadable,
                v(TlsVersion::Tls13),
                v(TlsVersion::Tls12),
                v(TlsVersion::Tls11),
                v(TlsVersion::Tls10),
                v(TlsVersion::Ssl3),
                g.weak,
                g.provider_did_not_log,
                g.first_seen.map(date_of).unwrap_or_default(),
                g.last_seen.map(date_of).unwrap_or_default()
            );
        }
        out
    }

    /// The aggregate with its free text masked as `--redact` masks each record's (the message
    /// ids of the messages it names): the same as aggregating the redacted records, since
    /// which message is "first" never depends on its id.
    pub fn redacted(&self) -> Aggregate {
        let mut copy = self.clone();
        let mask = |m: &mut MessageRef| {
            m.message_id = m
                .message_id
                .as_deref()
                .map(crate::core::export::redact_text);
        };
        let mask_opt = |m: &mut Option<MessageRef>| {
            if let Some(m) = m {
                mask(m);
            }
        };
        for d in copy.diagnostics.values_mut() {
            mask_opt(&mut d.first);
        }
        for g in copy
            .by_domain
            .values_mut()
            .chain(copy.by_organisation.values_mut())
        {
            for cell in g.history.values_mut() {
                mask_opt(&mut cell.first_encrypted);
                mask_opt(&mut cell.first_not_encrypted);
                mask_opt(&mut cell.first_provider_did_not_log);
                cell.first_by_tls_version.values_mut().for_each(mask);
            }
        }
        for r in &mut copy.regressions {
            mask(&mut r.message);
            mask(&mut r.before);
        }
        copy
    }

    /// Derive the regressions from the per-month histories (in group order, then kind).
    pub fn finish(&mut self) {
        self.regressions = self.derive_regressions();
    }

    /// The regressions [`Aggregate::finish`] stores, derived without changing the aggregate (the
    /// browser's progress shows them while the audit goes on).
    pub fn derive_regressions(&self) -> Vec<Regression> {
        let mut out = Vec::new();
        for (kind, groups) in [
            (GroupKind::Domain, &self.by_domain),
            (GroupKind::Organisation, &self.by_organisation),
        ] {
            for (key, group) in groups {
                if key == NO_DOMAIN || key == NO_ORGANISATION {
                    continue;
                }
                regressions_of(kind, key, group, &mut out);
            }
        }
        out
    }
}

/// The first regression of each kind in one group. Months are compared, not messages within a
/// month: "later" means a later calendar month than the better message's.
fn regressions_of(group_kind: GroupKind, key: &str, group: &Group, out: &mut Vec<Regression>) {
    let mut first_encrypted: Option<&MessageRef> = None;
    let mut newest: Option<(TlsVersion, &MessageRef)> = None;
    let mut found = [false; 3];
    let mut emit = |kind: RegressionKind,
                    month: &str,
                    message: &MessageRef,
                    before: &MessageRef,
                    versions: Option<(TlsVersion, TlsVersion)>| {
        out.push(Regression {
            group: group_kind,
            key: key.to_string(),
            name: group.name.clone(),
            kind,
            month: month.to_string(),
            message: message.clone(),
            before: before.clone(),
            from_version: versions.map(|v| v.0),
            to_version: versions.map(|v| v.1),
        });
    };
    for (month, cell) in &group.history {
        if let Some(before) = first_encrypted {
            if !found[0]
                && let Some(m) = &cell.first_not_encrypted
            {
                found[0] = true;
                emit(RegressionKind::TlsLost, month, m, before, None);
            }
            if !found[2]
                && let Some(m) = &cell.first_provider_did_not_log
            {
                found[2] = true;
                emit(RegressionKind::ProviderDidNotLog, month, m, before, None);
            }
        }
        if let Some((newer, before)) = newest
            && !found[1]
        {
            // The first message of the month with any version older than the newest before.
            let older = cell
                .first_by_tls_version
                .range(..newer)
                .min_by_key(|(_, m)| m.order_key());
            if let Some((&version, m)) = older {
                found[1] = true;
                emit(
                    RegressionKind::OlderTlsVersion,
                    month,
                    m,
                    before,
                    Some((newer, version)),
                );
            }
        }
        if first_encrypted.is_none() {
            first_encrypted = cell.first_encrypted.as_ref();
        }
        if let Some((&version, m)) = cell.first_by_tls_version.iter().next_back()
            && newest.is_none_or(|(n, _)| version > n)
        {
            newest = Some((version, m));
        }
    }
}

/// A CSV field, quoted when it must be (RFC 4180).
fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}
