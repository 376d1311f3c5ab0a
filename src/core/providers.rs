//! Who runs a mail server: the provider knowledge base (`providers.tsv`), registrable domains from
//! the Public Suffix List, and address classes (loopback, private, CGNAT, link-local, ULA).
//!
//! Both data files are embedded in the compact form `build.rs` makes of them (the reviewed files
//! in this folder keep their comments and sources) and indexed once on first use; nothing is
//! fetched. The tests below prove that the compact forms give the same answers as the full files.

use std::borrow::Cow;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::OnceLock;

use serde::Serialize;

use crate::core::ip;
use crate::core::model::OrgKind;

/// How a provider's Received lines treat TLS.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum TlsLogging {
    /// Its inbound SMTP lines always show TLS when TLS was used: silence means not encrypted.
    Records,
    /// Its lines never show TLS: silence says nothing.
    Never,
    /// Not established: silence says nothing.
    Unknown,
}

/// One row of `providers.tsv`.
#[derive(Clone, Debug, PartialEq)]
pub struct Provider {
    pub id: &'static str,
    pub name: &'static str,
    pub kind: OrgKind,
    pub tls_logging: TlsLogging,
    /// Host patterns, lower case.
    pub hosts: Vec<&'static str>,
    pub networks: Vec<(IpAddr, u8)>,
    /// Where the row's claims come from. Embedded only for `records` providers (the only rows
    /// an inference cites); `-` for the others, whose notes stay in the reviewed file.
    pub source: &'static str,
}

/// The organisation a host or address belongs to, as far as we can tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Org {
    /// A row of the knowledge base (by id).
    Provider(&'static str),
    /// A registrable domain (`example.co.uk`) of a host that is no known provider's.
    Domain(String),
}

impl Org {
    /// The provider id or the registrable domain (never equal: ids have no dot, which the
    /// table's test checks).
    pub fn id(&self) -> &str {
        match self {
            Org::Provider(id) => id,
            Org::Domain(d) => d,
        }
    }

    /// Short display name: the provider's name without its parenthesised services
    /// (`Microsoft`, `Proofpoint`), or the registrable domain.
    pub fn display(&self) -> String {
        match self {
            Org::Provider(id) => provider(id).map_or(*id, |p| p.short_name()).to_string(),
            Org::Domain(d) => d.clone(),
        }
    }

    /// Full display name (`Microsoft (Exchange Online / Outlook.com / Hotmail)`).
    pub fn full_name(&self) -> String {
        match self {
            Org::Provider(id) => provider(id).map_or(*id, |p| p.name).to_string(),
            Org::Domain(d) => d.clone(),
        }
    }
}

impl Provider {
    /// The name without its parenthesised services.
    pub fn short_name(&self) -> &'static str {
        self.name.split(" (").next().unwrap_or(self.name).trim()
    }
}

/// The embedded table: `providers.tsv` without its comments, made by `build.rs`.
const TABLE: &str = include_str!(concat!(env!("OUT_DIR"), "/providers.tsv"));
/// The A-label encoder `build.rs` writes the tree's Unicode rules with; Unicode host names are
/// looked up through it too.
use super::punycode;

/// The embedded Public Suffix List as a label tree, made by `build.rs` from `psl_icann.dat`.
const PSL_TRIE: &str = include_str!(concat!(env!("OUT_DIR"), "/psl_trie.txt"));

/// All providers of the table, parsed once.
pub fn all() -> &'static [Provider] {
    &index().providers
}

/// A provider by id.
pub fn provider(id: &str) -> Option<&'static Provider> {
    all().iter().find(|p| p.id == id)
}

/// Parse the (compact) TSV table. Rows that do not have seven columns are skipped (the table's
/// own test checks that none are).
fn parse_table(text: &'static str) -> Vec<Provider> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|line| {
            let cols: Vec<&'static str> = line.split('\t').map(str::trim).collect();
            if cols.len() != 7 {
                return None;
            }
            let list = |s: &'static str| -> Vec<&'static str> {
                if s == "-" {
                    return Vec::new();
                }
                s.split(',')
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .collect()
            };
            let tls_logging = match cols[3] {
                "records" => TlsLogging::Records,
                "never" => TlsLogging::Never,
                _ => TlsLogging::Unknown,
            };
            Some(Provider {
                id: cols[0],
                name: cols[1],
                // A row of an unknown kind is skipped like a malformed one (the table's test
                // checks that none is).
                kind: OrgKind::from_table(cols[2])?,
                tls_logging,
                hosts: list(cols[4]),
                networks: list(cols[5]).iter().filter_map(|c| parse_cidr(c)).collect(),
                source: cols[6],
            })
        })
        .collect()
}

/// The table and its host-pattern index, built once.
struct Index {
    providers: Vec<Provider>,
    /// Patterns without `*`, sorted, each with the first (lowest) row that lists it.
    exact: Vec<(&'static str, usize)>,
    /// Patterns with a `*` label, in table order.
    wildcard: Vec<(&'static str, usize)>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let providers = parse_table(TABLE);
        let mut exact: Vec<(&str, usize)> = Vec::new();
        let mut wildcard = Vec::new();
        for (row, p) in providers.iter().enumerate() {
            for pattern in &p.hosts {
                if pattern.split('.').any(|l| l == "*") {
                    wildcard.push((*pattern, row));
                } else if let Err(at) = exact.binary_search_by(|(p, _)| (*p).cmp(pattern)) {
                    // Rows come in order, so a pattern listed again keeps its first row (kept
                    // sorted by insertion: ARCHITECTURE.md, "Why hand-written").
                    exact.insert(at, (*pattern, row));
                }
            }
        }
        Index {
            providers,
            exact,
            wildcard,
        }
    })
}

/// `10.0.0.0/8` → (address, prefix length).
pub fn parse_cidr(text: &str) -> Option<(IpAddr, u8)> {
    let (addr, len) = text.split_once('/')?;
    let addr = ip::parse(addr.trim())?;
    let len: u8 = len.trim().parse().ok()?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    (len <= max).then_some((addr, len))
}

/// Is `ip` inside the block `net/len`?
pub fn in_block(ip: IpAddr, net: IpAddr, len: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = if len == 0 {
                0
            } else {
                u128::MAX << (128 - len)
            };
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

/// Host name normalised for matching: lower case, no trailing dot, no brackets. Borrows when
/// the name is already in that form (the common case), so lookups do not allocate.
pub fn normalise_host(host: &str) -> Cow<'_, str> {
    let trimmed = host
        .trim()
        .trim_end_matches('.')
        .trim_start_matches('[')
        .trim_end_matches(']');
    if trimmed.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(trimmed.to_ascii_lowercase())
    } else {
        Cow::Borrowed(trimmed)
    }
}

/// Does `host` (normalised) match a table pattern (suffix match on whole labels, `*` = one label)?
pub fn host_matches(host: &str, pattern: &str) -> bool {
    if pattern.split('.').count() > host.split('.').count() {
        return false;
    }
    host.rsplit('.')
        .zip(pattern.rsplit('.'))
        .all(|(hl, pl)| pl == "*" || hl == pl)
}

/// The provider whose host patterns match `host` (the first such row of the table).
pub fn provider_for_host(host: &str) -> Option<&'static Provider> {
    provider_for_normalised(&normalise_host(host))
}

/// [`provider_for_host`] of a host already through [`normalise_host`].
fn provider_for_normalised(host: &str) -> Option<&'static Provider> {
    if host.is_empty() || ip::parse(host).is_some() {
        return None;
    }
    let index = index();
    let mut best: Option<usize> = None;
    let mut keep = |row: usize| best = Some(best.map_or(row, |b| b.min(row)));
    // Every whole-label tail of the host (`a.b.c`, `b.c`, `c`) against the exact patterns.
    let mut tail = host;
    loop {
        if let Ok(at) = index.exact.binary_search_by(|(p, _)| (*p).cmp(tail)) {
            keep(index.exact[at].1);
        }
        match tail.find('.') {
            Some(dot) => tail = &tail[dot + 1..],
            None => break,
        }
    }
    for (pattern, row) in &index.wildcard {
        if host_matches(host, pattern) {
            keep(*row);
        }
    }
    best.and_then(|row| index.providers.get(row))
}

/// The provider whose published networks contain `ip`.
pub fn provider_for_ip(ip: IpAddr) -> Option<&'static Provider> {
    all()
        .iter()
        .find(|p| p.networks.iter().any(|(net, len)| in_block(ip, *net, *len)))
}

/// Pseudo top-level names used inside private networks (RFC 6762 `.local`, RFC 8375 `home.arpa`,
/// ICANN's reserved `.internal`, and common private conventions): hosts under them are named
/// inside one organisation and have no registrable domain.
const PRIVATE_TLDS: &[&str] = &[
    "local",
    "localdomain",
    "internal",
    "lan",
    "intranet",
    "corp",
    "home",
    "private",
    "localhost",
    "arpa",
];

/// One node of the Public Suffix List's label tree.
struct PslNode {
    /// Owned: front coding (see `build.rs`) splits most labels in the text.
    label: String,
    /// A rule ends here (`rule`), an exception rule ends here (`exception`), or neither.
    rule: bool,
    exception: bool,
    /// `nodes[children]` are this node's children, sorted by label bytes.
    children: std::ops::Range<usize>,
}

/// The Public Suffix List of `psl_trie.txt` (grammar in `build.rs`): one line per top-level
/// label, sorted, indexed on first use; the tree below a top-level label is flattened the first
/// time a name under it is looked up (most names are under `com`, `net`, `org`, … which have
/// no rules of their own, so most lookups never build one).
struct Psl {
    /// Top-level label and the span of its `{…}` body in the text (empty: no rules below it).
    tops: Vec<(&'static str, std::ops::Range<usize>)>,
    trees: Vec<OnceLock<Vec<PslNode>>>,
}

fn psl() -> &'static Psl {
    static PSL: OnceLock<Psl> = OnceLock::new();
    PSL.get_or_init(|| {
        let mut tops = Vec::new();
        let mut at = 0;
        for line in PSL_TRIE.split('\n') {
            let label = line
                .split('{')
                .next()
                .unwrap_or(line)
                .trim_start_matches('~');
            let body_start = at + line.find('{').map_or(line.len(), |b| b + 1);
            let body_end = (at + line.len()).saturating_sub(1).max(body_start);
            tops.push((label, body_start..body_end));
            at += line.len() + 1;
        }
        let trees = tops.iter().map(|_| OnceLock::new()).collect();
        Psl { tops, trees }
    })
}

/// The tree below one top-level label, flattened: `nodes[0]` is the label itself, and every
/// node's children sit next to each other. Malformed text (it is generated, so it is not) only
/// shortens the tree; it never panics.
fn psl_subtree(body: std::ops::Range<usize>) -> Vec<PslNode> {
    let text = PSL_TRIE;
    let bytes = text.as_bytes();
    let mut nodes = vec![PslNode {
        label: String::new(),
        rule: false,
        exception: false,
        children: 0..0,
    }];
    // Breadth first, so that each node's children are pushed next to each other.
    let mut pending = vec![(0usize, body)];
    let mut next = 0;
    while let Some((parent, span)) = pending.get(next).cloned() {
        next += 1;
        let first_child = nodes.len();
        let mut at = span.start;
        let end = span.end.min(bytes.len());
        while at < end {
            let (rule, exception) = match bytes[at] {
                b'!' => (true, true),
                b'~' => (false, false),
                _ => (true, false),
            };
            if !rule || exception {
                at += 1;
            }
            // The letter of how many leading bytes come from the previous sibling's label.
            let shared = usize::from(bytes.get(at).map_or(0, |b| b.wrapping_sub(b'A')));
            at += 1;
            let label_start = at.min(end);
            while at < end && !matches!(bytes[at], b'{' | b'!' | b'~' | b'A'..=b'Z') {
                at += 1;
            }
            let previous = match nodes.last() {
                Some(sibling) if nodes.len() > first_child => sibling.label.as_str(),
                _ => "",
            };
            let mut label = previous.get(..shared).unwrap_or("").to_string();
            label.push_str(text.get(label_start..at).unwrap_or(""));
            let node = nodes.len();
            nodes.push(PslNode {
                label,
                rule,
                exception,
                children: 0..0,
            });
            if at < end && bytes[at] == b'{' {
                let inner = at + 1;
                let mut depth = 1;
                at += 1;
                while at < end && depth > 0 {
                    match bytes[at] {
                        b'{' => depth += 1,
                        b'}' => depth -= 1,
                        _ => {}
                    }
                    at += 1;
                }
                pending.push((node, inner..at.saturating_sub(1).max(inner)));
            }
        }
        nodes[parent].children = first_child..nodes.len();
    }
    nodes
}

/// The child of `node` with this label.
fn psl_child(tree: &[PslNode], node: usize, label: &str) -> Option<usize> {
    let children = tree.get(node)?.children.clone();
    let siblings = tree.get(children.clone())?;
    siblings
        .binary_search_by(|n| n.label.as_bytes().cmp(label.as_bytes()))
        .ok()
        .map(|i| children.start + i)
}

/// Length of the public suffix of `name` (lower case, non-empty labels). The walk is the one of
/// the `publicsuffix` crate this replaced (so no answer changed; see the tests): right to left,
/// an exact label before a `*`, the implicit `*` rule for the last label, an exception rule
/// ends the walk one label short. Labels are compared as A-labels, the tree's form, so a rule
/// matches both `xn--55qx5d.cn` and `公司.cn`.
fn public_suffix_len(name: &str) -> usize {
    let psl = psl();
    let mut labels = name.rsplit('.');
    let Some(last) = labels.next() else {
        return 0;
    };
    let mut suffix = last.len();
    let top_label = punycode::a_label(last);
    let Ok(top) = psl
        .tops
        .binary_search_by(|(l, _)| l.as_bytes().cmp(top_label.as_bytes()))
    else {
        return suffix;
    };
    let tree = psl.trees[top].get_or_init(|| psl_subtree(psl.tops[top].1.clone()));
    let mut node = 0;
    let mut so_far = suffix;
    for label in labels {
        let a_label = punycode::a_label(label);
        match psl_child(tree, node, &a_label).or_else(|| psl_child(tree, node, "*")) {
            Some(child) => node = child,
            None => break,
        }
        let with_label = so_far + 1 + label.len();
        if tree[node].exception {
            suffix = so_far;
            break;
        }
        if tree[node].rule {
            suffix = with_label;
        }
        so_far = with_label;
    }
    suffix
}

/// Can this (normalised) name have a registrable domain? Not an address, not a single label,
/// not under a private pseudo-TLD, and every label looks like a host label (letters, digits,
/// `-`, `_`, or UTF-8 of an internationalised name).
fn has_registrable_form(host: &str) -> bool {
    let tld = host.rsplit('.').next().unwrap_or("");
    ip::parse(host).is_none()
        && host.contains('.')
        && !PRIVATE_TLDS.contains(&tld)
        && host.split('.').all(|l| {
            !l.is_empty()
                && l.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b >= 0x80)
        })
}

/// The registrable domain of a host name (`mail.example.co.uk` → `example.co.uk`) from the
/// Public Suffix List; `None` for addresses, single labels, and private pseudo-domains.
pub fn registrable_domain(host: &str) -> Option<String> {
    registrable_of_normalised(&normalise_host(host))
}

/// [`registrable_domain`] of a host already through [`normalise_host`].
fn registrable_of_normalised(host: &str) -> Option<String> {
    if !has_registrable_form(host) {
        return None;
    }
    let suffix = public_suffix_len(host);
    if suffix == 0 || host.len() < suffix + 2 {
        return None;
    }
    let above = &host[..host.len() - suffix - 1];
    let owner = above.rsplit('.').next().unwrap_or(above);
    Some(host[host.len() - suffix - 1 - owner.len()..].to_string())
}

/// Is the host name a private pseudo-domain (`foo.local`, `mail.internal`)?
pub fn is_private_name(host: &str) -> bool {
    let host = normalise_host(host);
    host.contains('.')
        && ip::parse(&host).is_none()
        && PRIVATE_TLDS.contains(&host.rsplit('.').next().unwrap_or(""))
}

/// The organisation of a host name: a provider of the table, else its registrable domain.
pub fn org_of_host(host: &str) -> Option<Org> {
    // Normalised once for both lookups (this runs for every host name of every hop).
    let host = normalise_host(host);
    if let Some(p) = provider_for_normalised(&host) {
        return Some(Org::Provider(p.id));
    }
    registrable_of_normalised(&host).map(Org::Domain)
}

/// Address classes that never cross the public Internet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AddressClass {
    Loopback,
    /// RFC 1918 (`10/8`, `172.16/12`, `192.168/16`).
    Private,
    /// RFC 6598 shared address space `100.64/10`.
    Cgnat,
    /// `169.254/16`, `fe80::/10`.
    LinkLocal,
    /// RFC 4193 unique local `fc00::/7`.
    UniqueLocal,
    Public,
}

impl AddressClass {
    pub fn is_internal(self) -> bool {
        self != AddressClass::Public
    }

    /// Plain-language name of the class.
    pub fn describe(self) -> &'static str {
        match self {
            AddressClass::Loopback => "a loopback address (the server talking to itself)",
            AddressClass::Private => "a private network address (RFC 1918)",
            AddressClass::Cgnat => "a shared internal address (100.64.0.0/10, RFC 6598)",
            AddressClass::LinkLocal => "a link-local address (same network segment only)",
            AddressClass::UniqueLocal => "a private IPv6 address (fc00::/7, RFC 4193)",
            AddressClass::Public => "a public Internet address",
        }
    }
}

/// Classify an address. IPv4-mapped IPv6 is classified as its IPv4 address.
pub fn classify(ip: IpAddr) -> AddressClass {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return classify_v4(v4);
            }
            classify_v6(v6)
        }
    }
}

fn classify_v4(ip: Ipv4Addr) -> AddressClass {
    let o = ip.octets();
    if o[0] == 127 {
        AddressClass::Loopback
    } else if o[0] == 10
        || (o[0] == 172 && (16..=31).contains(&o[1]))
        || (o[0] == 192 && o[1] == 168)
    {
        AddressClass::Private
    } else if o[0] == 100 && (64..=127).contains(&o[1]) {
        AddressClass::Cgnat
    } else if o[0] == 169 && o[1] == 254 {
        AddressClass::LinkLocal
    } else {
        AddressClass::Public
    }
}

fn classify_v6(ip: Ipv6Addr) -> AddressClass {
    let first = ip.segments()[0];
    if ip.is_loopback() {
        AddressClass::Loopback
    } else if first & 0xffc0 == 0xfe80 {
        AddressClass::LinkLocal
    } else if first & 0xfe00 == 0xfc00 {
        AddressClass::UniqueLocal
    } else {
        AddressClass::Public
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reviewed table, with its comments and every row's source.
    const REVIEWED: &str = include_str!("providers.tsv");

    #[test]
    fn table_rows_are_complete_and_sourced() {
        let rows: Vec<&str> = REVIEWED
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .collect();
        let providers = all();
        assert_eq!(rows.len(), providers.len(), "every row has seven columns");
        assert!(providers.len() >= 80, "at least 80 organisations");
        for (row, p) in rows.iter().zip(providers) {
            assert!(!p.hosts.is_empty(), "{} has host patterns", p.id);
            let source = row.split('\t').nth(6).unwrap_or("").trim();
            assert!(source.len() > 20, "{} has a source note", p.id);
            if p.tls_logging == TlsLogging::Records {
                assert_eq!(p.source, source, "{}: an inference cites its source", p.id);
            }
        }
        let ids: std::collections::BTreeSet<_> = providers.iter().map(|p| &p.id).collect();
        assert_eq!(ids.len(), providers.len(), "ids are unique");
        assert!(
            ids.iter().all(|id| !id.contains('.')),
            "ids are never a domain"
        );
        let networks: usize = rows
            .iter()
            .filter_map(|l| l.split('\t').nth(5))
            .filter(|c| c.trim() != "-")
            .map(|c| c.split(',').count())
            .sum();
        let parsed: usize = providers.iter().map(|p| p.networks.len()).sum();
        assert_eq!(networks, parsed, "every network block parses");
    }

    /// The lookups as they were before the compact forms: the full reviewed table scanned row by
    /// row, and the full ICANN list through the `publicsuffix` crate.
    mod reference {
        use super::REVIEWED;
        use publicsuffix::Psl;
        use std::net::IpAddr;
        use std::sync::OnceLock;

        fn normalise(host: &str) -> String {
            host.trim()
                .trim_end_matches('.')
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_ascii_lowercase()
        }

        fn host_matches(host: &str, pattern: &str) -> bool {
            let h: Vec<&str> = host.split('.').collect();
            let p: Vec<&str> = pattern.split('.').collect();
            if p.len() > h.len() {
                return false;
            }
            let tail = &h[h.len() - p.len()..];
            tail.iter().zip(&p).all(|(hl, pl)| *pl == "*" || hl == pl)
        }

        fn table() -> &'static Vec<(String, Vec<String>)> {
            static TABLE: OnceLock<Vec<(String, Vec<String>)>> = OnceLock::new();
            TABLE.get_or_init(|| {
                REVIEWED
                    .lines()
                    .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                    .filter_map(|line| {
                        let cols: Vec<&str> = line.split('\t').collect();
                        (cols.len() == 7).then(|| {
                            let hosts = if cols[4].trim() == "-" {
                                Vec::new()
                            } else {
                                cols[4]
                                    .split(',')
                                    .map(|x| x.trim().to_ascii_lowercase())
                                    .filter(|x| !x.is_empty())
                                    .collect()
                            };
                            (cols[0].trim().to_string(), hosts)
                        })
                    })
                    .collect()
            })
        }

        pub fn provider_for_host(host: &str) -> Option<String> {
            let host = normalise(host);
            if host.is_empty() || host.parse::<IpAddr>().is_ok() {
                return None;
            }
            table()
                .iter()
                .find(|(_, hosts)| hosts.iter().any(|pat| host_matches(&host, pat)))
                .map(|(id, _)| id.clone())
        }

        pub fn registrable_domain(host: &str) -> Option<String> {
            static LIST: OnceLock<publicsuffix::List> = OnceLock::new();
            let list = LIST.get_or_init(|| include_str!("psl_icann.dat").parse().unwrap());
            let host = normalise(host);
            // The pre-check is not what the compact forms changed; only the list lookup is.
            if !super::has_registrable_form(&host) {
                return None;
            }
            let domain = list.domain(host.as_bytes())?;
            std::str::from_utf8(domain.as_bytes())
                .ok()
                .map(str::to_string)
        }
    }

    /// Every host name of the corpus and of our own messages (each name-like word of every
    /// Received line, so HELO names and names in comments too), every PSL rule's own examples
    /// (the rule, one and two labels below it, the label above it, `*` filled in, `!` dropped),
    /// and every provider pattern's: the compact forms must answer exactly as the full files.
    #[test]
    fn compact_forms_give_the_same_answers_as_the_full_files() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        let mut raw_lines: Vec<String> = Vec::new();
        for message in crate::core::export::test_messages() {
            let report = crate::core::analyze(&message);
            raw_lines.extend(report.hops.into_iter().map(|h| h.line.raw));
        }
        let corpus = std::fs::read_to_string(root.join("corpus/received.jsonl")).unwrap();
        for line in corpus.lines().filter(|l| l.starts_with('{')) {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            if let Some(raw) = value["raw"].as_str() {
                raw_lines.push(raw.to_string());
            }
        }
        assert!(raw_lines.len() > 300, "corpus and messages read");
        let mut hosts = std::collections::BTreeSet::new();
        for raw in &raw_lines {
            let words = raw.split(|c: char| {
                !(c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '[' | ']' | ':'))
            });
            hosts.extend(words.filter(|w| w.contains('.')).map(str::to_string));
        }
        let corpus_hosts = hosts.len();
        let rules = include_str!("psl_icann.dat")
            .lines()
            .filter(|l| !l.starts_with("//"))
            .filter_map(|l| l.split_whitespace().next());
        for rule in rules {
            let plain = rule.trim_start_matches('!').replace('*', "w");
            let above = plain.split_once('.').map_or("", |(_, rest)| rest);
            for host in [
                plain.clone(),
                format!("x.{plain}"),
                format!("y.x.{plain}"),
                format!("City.{plain}"),
                above.to_string(),
                format!("x.{above}"),
                format!("y.x.{above}"),
                format!("y.x.{}", rule.trim_start_matches('!')),
            ] {
                hosts.insert(host);
            }
        }
        for pattern in all().iter().flat_map(|p| &p.hosts) {
            let plain = pattern.replace('*', "eu-west-1");
            for host in [
                plain.clone(),
                format!("mx.{plain}"),
                format!("not{plain}"),
                plain.to_uppercase() + ".",
                plain
                    .split_once('.')
                    .map_or("", |(_, rest)| rest)
                    .to_string(),
                format!("[{plain}]"),
            ] {
                hosts.insert(host);
            }
        }
        assert!(
            hosts.len() > corpus_hosts + 10_000,
            "rule and pattern examples added"
        );
        let a_labels = |name: &str| {
            name.split('.')
                .map(super::punycode::a_label)
                .collect::<Vec<_>>()
                .join(".")
        };
        for host in &hosts {
            assert_eq!(
                registrable_domain(host),
                reference::registrable_domain(host),
                "registrable domain of {host}"
            );
            // The reference reads the list as written, so it answers only for Unicode names;
            // their A-label form must give the same answer in A-labels.
            if !host.is_ascii() {
                assert_eq!(
                    registrable_domain(&a_labels(host)),
                    reference::registrable_domain(host).map(|d| a_labels(&d)),
                    "registrable domain of {host} in A-labels"
                );
            }
            assert_eq!(
                provider_for_host(host).map(|p| p.id.to_string()),
                reference::provider_for_host(host),
                "provider of {host}"
            );
        }
    }

    #[test]
    fn lookups() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "BN3NAM04FT003.mail.protection.outlook.com",
                Some("microsoft"),
            ),
            ("bay0-omc4-s14.bay0.hotmail.com", Some("microsoft")),
            ("mx0b-00300601.pphosted.com", Some("proofpoint")),
            (
                "dispatch1-us1.ppe-hosted.com.ppe-hosted.com",
                Some("proofpoint"),
            ),
            ("mail-pf1-x432.google.com.", Some("google")),
            ("inbound-smtp.us-east-1.amazonaws.com", Some("amazon-ses")),
            ("ec2-1-2-3-4.compute-1.amazonaws.com", None),
            ("mimecast-mx02.redhat.com", None),
            ("notoutlook.com", None),
            ("[10.0.0.1]", None),
        ];
        for (host, want) in cases {
            assert_eq!(provider_for_host(host).map(|p| p.id), *want, "{host}");
        }
        assert_eq!(
            provider_for_ip("65.54.190.216".parse().unwrap()).map(|p| p.id),
            Some("microsoft")
        );
        assert_eq!(
            provider_for_ip("17.11.230.160".parse().unwrap()).map(|p| p.id),
            Some("apple")
        );
        assert_eq!(provider_for_ip("192.0.2.1".parse().unwrap()), None);
    }

    #[test]
    fn registrable_domains_follow_the_public_suffix_list() {
        let cases: &[(&str, Option<&str>)] = &[
            ("mail.vastech.co.za", Some("vastech.co.za")),
            ("EXCHANGE2.vastech.co.za", Some("vastech.co.za")),
            ("largo.jsg.id.au", Some("jsg.id.au")),
            ("smtp.subspace.kernel.org", Some("kernel.org")),
            (
                "zimbra-mta-1.ldbal.sci.univ-poitiers.fr",
                Some("univ-poitiers.fr"),
            ),
            ("104.47.7.169_.trendmicro.com", Some("trendmicro.com")),
            ("a.b.example.com.", Some("example.com")),
            ("intranator.net.local", None),
            ("GOLLUM", None),
            ("127.0.0.1", None),
            ("co.uk", None),
            ("Sörensen.example.com", Some("example.com")),
            // Unicode rules match their A-label form (`公司.cn` = `xn--55qx5d.cn`), the form of
            // host names in Received headers, and still their Unicode form.
            ("mail.example.xn--55qx5d.cn", Some("example.xn--55qx5d.cn")),
            ("MX.Example.XN--55QX5D.CN.", Some("example.xn--55qx5d.cn")),
            ("xn--55qx5d.cn", None),
            ("mail.example.公司.cn", Some("example.公司.cn")),
            (
                "mail.example.xn--55qx5d.xn--j6w193g",
                Some("example.xn--55qx5d.xn--j6w193g"),
            ),
            ("a.b.xn--1lqs03n.jp", Some("b.xn--1lqs03n.jp")),
            (
                "smtp.example.xn--trentin-sd-tirol-rzb.it",
                Some("example.xn--trentin-sd-tirol-rzb.it"),
            ),
            (
                "mx.school.xn--12c1fe0br.xn--o3cw4h",
                Some("school.xn--12c1fe0br.xn--o3cw4h"),
            ),
        ];
        for (host, want) in cases {
            assert_eq!(registrable_domain(host).as_deref(), *want, "{host}");
        }
    }

    /// The A-label encoder on RFC 3492's samples (section 7.1) and on known top-level A-labels.
    #[test]
    fn a_labels_follow_rfc_3492() {
        let samples: &[(&str, &str)] = &[
            (
                "\u{644}\u{64A}\u{647}\u{645}\u{627}\u{628}\u{62A}\u{643}\u{644}\u{645}\u{648}\u{634}\u{639}\u{631}\u{628}\u{64A}\u{61F}",
                "egbpdaj6bu4bxfgehfvwxn",
            ),
            (
                "\u{4ED6}\u{4EEC}\u{4E3A}\u{4EC0}\u{4E48}\u{4E0D}\u{8BF4}\u{4E2D}\u{6587}",
                "ihqwcrb4cv8a8dqg056pqjye",
            ),
            (
                "\u{4ED6}\u{5011}\u{7232}\u{4EC0}\u{9EBD}\u{4E0D}\u{8AAA}\u{4E2D}\u{6587}",
                "ihqwctvzc91f659drss3x8bo0yb",
            ),
            (
                "Pro\u{10D}prost\u{11B}nemluv\u{ED}\u{10D}esky",
                "Proprostnemluvesky-uyb24dma41a",
            ),
            (
                "\u{5DC}\u{5DE}\u{5D4}\u{5D4}\u{5DD}\u{5E4}\u{5E9}\u{5D5}\u{5D8}\u{5DC}\u{5D0}\u{5DE}\u{5D3}\u{5D1}\u{5E8}\u{5D9}\u{5DD}\u{5E2}\u{5D1}\u{5E8}\u{5D9}\u{5EA}",
                "4dbcagdahymbxekheh6e0a7fei0b",
            ),
            (
                "\u{92F}\u{939}\u{932}\u{94B}\u{917}\u{939}\u{93F}\u{928}\u{94D}\u{926}\u{940}\u{915}\u{94D}\u{92F}\u{94B}\u{902}\u{928}\u{939}\u{940}\u{902}\u{92C}\u{94B}\u{932}\u{938}\u{915}\u{924}\u{947}\u{939}\u{948}\u{902}",
                "i1baa7eci9glrd9b2ae1bj0hfcgg6iyaf8o0a1dig0cd",
            ),
            (
                "\u{306A}\u{305C}\u{307F}\u{3093}\u{306A}\u{65E5}\u{672C}\u{8A9E}\u{3092}\u{8A71}\u{3057}\u{3066}\u{304F}\u{308C}\u{306A}\u{3044}\u{306E}\u{304B}",
                "n8jok5ay5dzabd5bym9f0cm5685rrjetr6pdxa",
            ),
            (
                "\u{C138}\u{ACC4}\u{C758}\u{BAA8}\u{B4E0}\u{C0AC}\u{B78C}\u{B4E4}\u{C774}\u{D55C}\u{AD6D}\u{C5B4}\u{B97C}\u{C774}\u{D574}\u{D55C}\u{B2E4}\u{BA74}\u{C5BC}\u{B9C8}\u{B098}\u{C88B}\u{C744}\u{AE4C}",
                "989aomsvi5e83db1d2a355cv1e0vak1dwrv93d5xbh15a0dt30a5jpsd879ccm6fea98c",
            ),
            (
                "\u{43F}\u{43E}\u{447}\u{435}\u{43C}\u{443}\u{436}\u{435}\u{43E}\u{43D}\u{438}\u{43D}\u{435}\u{433}\u{43E}\u{432}\u{43E}\u{440}\u{44F}\u{442}\u{43F}\u{43E}\u{440}\u{443}\u{441}\u{441}\u{43A}\u{438}",
                "b1abfaaepdrnnbgefbadotcwatmq2g4l",
            ),
            (
                "Porqu\u{E9}nopuedensimplementehablarenEspa\u{F1}ol",
                "PorqunopuedensimplementehablarenEspaol-fmd56a",
            ),
            (
                "T\u{1EA1}isaoh\u{1ECD}kh\u{F4}ngth\u{1EC3}ch\u{1EC9}n\u{F3}iti\u{1EBF}ngVi\u{1EC7}t",
                "TisaohkhngthchnitingVit-kjcr8268qyxafd2f1b9g",
            ),
            (
                "3\u{5E74}B\u{7D44}\u{91D1}\u{516B}\u{5148}\u{751F}",
                "3B-ww4c5e180e575a65lsy2b",
            ),
            (
                "\u{5B89}\u{5BA4}\u{5948}\u{7F8E}\u{6075}-with-SUPER-MONKEYS",
                "-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n",
            ),
            (
                "Hello-Another-Way-\u{305D}\u{308C}\u{305E}\u{308C}\u{306E}\u{5834}\u{6240}",
                "Hello-Another-Way--fc4qua05auwb3674vfr0b",
            ),
            (
                "\u{3072}\u{3068}\u{3064}\u{5C4B}\u{6839}\u{306E}\u{4E0B}2",
                "2-u9tlzr9756bt3uc0v",
            ),
            (
                "Maji\u{3067}Koi\u{3059}\u{308B}5\u{79D2}\u{524D}",
                "MajiKoi5-783gue6qz075azm5e",
            ),
            (
                "\u{30D1}\u{30D5}\u{30A3}\u{30FC}de\u{30EB}\u{30F3}\u{30D0}",
                "de-jg4avhby1noc0d",
            ),
            (
                "\u{305D}\u{306E}\u{30B9}\u{30D4}\u{30FC}\u{30C9}\u{3067}",
                "d9juau41awczczp",
            ),
            ("-> $1.00 <-", "-> $1.00 <--"),
        ];
        for (unicode, punycode) in samples {
            assert_eq!(super::punycode::encode(unicode), *punycode, "{unicode}");
        }
        let labels: &[(&str, &str)] = &[
            ("公司", "xn--55qx5d"),
            ("рф", "xn--p1ai"),
            ("中国", "xn--fiqs8s"),
            ("香港", "xn--j6w193g"),
            ("example", "example"),
        ];
        for (label, a_label) in labels {
            assert_eq!(super::punycode::a_label(label), *a_label, "{label}");
        }
    }

    #[test]
    fn address_classes() {
        let cases: &[(&str, AddressClass)] = &[
            ("127.0.0.1", AddressClass::Loopback),
            ("::1", AddressClass::Loopback),
            ("10.152.92.53", AddressClass::Private),
            ("172.31.0.1", AddressClass::Private),
            ("172.32.0.1", AddressClass::Public),
            ("192.168.1.43", AddressClass::Private),
            ("100.112.195.56", AddressClass::Cgnat),
            ("169.254.1.1", AddressClass::LinkLocal),
            ("fe80::1de8:374c:90f8:62f3", AddressClass::LinkLocal),
            ("fd00::1", AddressClass::UniqueLocal),
            ("::ffff:10.0.0.1", AddressClass::Private),
            ("2a01:111:e400:c418::34", AddressClass::Public),
            ("65.54.190.216", AddressClass::Public),
        ];
        for (ip, want) in cases {
            assert_eq!(classify(ip.parse().unwrap()), *want, "{ip}");
        }
    }
}
