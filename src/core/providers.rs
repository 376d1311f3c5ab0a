//! Who runs a mail server: the provider knowledge base (`providers.tsv`), registrable domains from
//! the Public Suffix List, and address classes (loopback, private, CGNAT, link-local, ULA).
//!
//! Both data files are embedded and parsed once on first use; nothing is fetched.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::OnceLock;

use publicsuffix::Psl;
use serde::Serialize;

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
    pub id: String,
    pub name: String,
    /// `mailbox` | `gateway` | `sender` | `hosting` | `list`.
    pub kind: String,
    pub tls_logging: TlsLogging,
    pub hosts: Vec<String>,
    pub networks: Vec<(IpAddr, u8)>,
    pub source: String,
}

/// The organisation a host or address belongs to, as far as we can tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Org {
    /// A row of the knowledge base (by id).
    Provider(String),
    /// A registrable domain (`example.co.uk`) of a host that is no known provider's.
    Domain(String),
}

impl Org {
    /// Short display name: the provider's name without its parenthesised services
    /// (`Microsoft`, `Proofpoint`), or the registrable domain.
    pub fn display(&self) -> String {
        match self {
            Org::Provider(id) => provider(id)
                .map(|p| p.short_name().to_string())
                .unwrap_or(id.clone()),
            Org::Domain(d) => d.clone(),
        }
    }

    /// Full display name (`Microsoft (Exchange Online / Outlook.com / Hotmail)`).
    pub fn full_name(&self) -> String {
        match self {
            Org::Provider(id) => provider(id).map(|p| p.name.clone()).unwrap_or(id.clone()),
            Org::Domain(d) => d.clone(),
        }
    }
}

impl Provider {
    /// The name without its parenthesised services.
    pub fn short_name(&self) -> &str {
        self.name.split(" (").next().unwrap_or(&self.name).trim()
    }
}

const TABLE: &str = include_str!("providers.tsv");
const PSL_RULES: &str = include_str!("psl_icann.dat");

/// All providers of the table, parsed once.
pub fn all() -> &'static [Provider] {
    static PROVIDERS: OnceLock<Vec<Provider>> = OnceLock::new();
    PROVIDERS.get_or_init(|| parse_table(TABLE))
}

/// A provider by id.
pub fn provider(id: &str) -> Option<&'static Provider> {
    all().iter().find(|p| p.id == id)
}

/// Parse the TSV table. Rows that do not have seven columns are skipped (the table's own test
/// checks that none are).
pub fn parse_table(text: &str) -> Vec<Provider> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 7 {
                return None;
            }
            let list = |s: &str| -> Vec<String> {
                if s.trim() == "-" {
                    return Vec::new();
                }
                s.split(',')
                    .map(|x| x.trim().to_ascii_lowercase())
                    .filter(|x| !x.is_empty())
                    .collect()
            };
            let tls_logging = match cols[3].trim() {
                "records" => TlsLogging::Records,
                "never" => TlsLogging::Never,
                _ => TlsLogging::Unknown,
            };
            Some(Provider {
                id: cols[0].trim().to_string(),
                name: cols[1].trim().to_string(),
                kind: cols[2].trim().to_string(),
                tls_logging,
                hosts: list(cols[4]),
                networks: list(cols[5]).iter().filter_map(|c| parse_cidr(c)).collect(),
                source: cols[6].trim().to_string(),
            })
        })
        .collect()
}

/// `10.0.0.0/8` → (address, prefix length).
pub fn parse_cidr(text: &str) -> Option<(IpAddr, u8)> {
    let (addr, len) = text.split_once('/')?;
    let addr: IpAddr = addr.trim().parse().ok()?;
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

/// Host name normalised for matching: lower case, no trailing dot, no brackets.
pub fn normalise_host(host: &str) -> String {
    host.trim()
        .trim_end_matches('.')
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase()
}

/// Does `host` (normalised) match a table pattern (suffix match on whole labels, `*` = one label)?
pub fn host_matches(host: &str, pattern: &str) -> bool {
    let h: Vec<&str> = host.split('.').collect();
    let p: Vec<&str> = pattern.split('.').collect();
    if p.len() > h.len() {
        return false;
    }
    let tail = &h[h.len() - p.len()..];
    tail.iter().zip(&p).all(|(hl, pl)| *pl == "*" || hl == pl)
}

/// The provider whose host patterns match `host`.
pub fn provider_for_host(host: &str) -> Option<&'static Provider> {
    let host = normalise_host(host);
    if host.is_empty() || host.parse::<IpAddr>().is_ok() {
        return None;
    }
    all()
        .iter()
        .find(|p| p.hosts.iter().any(|pat| host_matches(&host, pat)))
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

fn psl() -> &'static publicsuffix::List {
    static LIST: OnceLock<publicsuffix::List> = OnceLock::new();
    LIST.get_or_init(|| PSL_RULES.parse().unwrap_or_default())
}

/// The registrable domain of a host name (`mail.example.co.uk` → `example.co.uk`) from the
/// Public Suffix List; `None` for addresses, single labels, and private pseudo-domains.
pub fn registrable_domain(host: &str) -> Option<String> {
    let host = normalise_host(host);
    if host.parse::<IpAddr>().is_ok() || !host.contains('.') {
        return None;
    }
    let tld = host.rsplit('.').next().unwrap_or("");
    if PRIVATE_TLDS.contains(&tld) {
        return None;
    }
    // Labels must look like host labels (letters, digits, `-`, `_`, or UTF-8 of an internationalised
    // name); anything else is not a name.
    if !host.split('.').all(|l| {
        !l.is_empty()
            && l.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b >= 0x80)
    }) {
        return None;
    }
    let domain = psl().domain(host.as_bytes())?;
    std::str::from_utf8(domain.as_bytes())
        .ok()
        .map(str::to_string)
}

/// Is the host name a private pseudo-domain (`foo.local`, `mail.internal`)?
pub fn is_private_name(host: &str) -> bool {
    let host = normalise_host(host);
    host.contains('.')
        && host.parse::<IpAddr>().is_err()
        && PRIVATE_TLDS.contains(&host.rsplit('.').next().unwrap_or(""))
}

/// The organisation of a host name: a provider of the table, else its registrable domain.
pub fn org_of_host(host: &str) -> Option<Org> {
    if let Some(p) = provider_for_host(host) {
        return Some(Org::Provider(p.id.clone()));
    }
    registrable_domain(host).map(Org::Domain)
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

    #[test]
    fn table_rows_are_complete_and_sourced() {
        let rows: Vec<&str> = TABLE
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .collect();
        let providers = all();
        assert_eq!(rows.len(), providers.len(), "every row has seven columns");
        assert!(providers.len() >= 40, "at least 40 providers");
        for p in providers {
            assert!(!p.hosts.is_empty(), "{} has host patterns", p.id);
            assert!(p.source.len() > 20, "{} has a source note", p.id);
        }
        let ids: std::collections::BTreeSet<_> = providers.iter().map(|p| &p.id).collect();
        assert_eq!(ids.len(), providers.len(), "ids are unique");
        let networks: usize = TABLE
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').nth(5))
            .filter(|c| *c != "-")
            .map(|c| c.split(',').count())
            .sum();
        let parsed: usize = providers.iter().map(|p| p.networks.len()).sum();
        assert_eq!(networks, parsed, "every network block parses");
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
            assert_eq!(
                provider_for_host(host).map(|p| p.id.as_str()),
                *want,
                "{host}"
            );
        }
        assert_eq!(
            provider_for_ip("65.54.190.216".parse().unwrap()).map(|p| p.id.as_str()),
            Some("microsoft")
        );
        assert_eq!(
            provider_for_ip("17.11.230.160".parse().unwrap()).map(|p| p.id.as_str()),
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
        ];
        for (host, want) in cases {
            assert_eq!(registrable_domain(host).as_deref(), *want, "{host}");
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
