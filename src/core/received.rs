//! One Received field → [`ReceivedLine`]: from/by/with/id/for/date and the TLS facts.
//! (Stub: to be completed by the Received-dialect issue.)

use serde::Serialize;

use crate::core::report::Evidence;
use crate::core::tls::TlsFacts;

/// What one Received line says. Field names up to `cert_verified` are the report contract.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct ReceivedLine {
    /// The field as written: `Received: …` with its folding.
    pub raw: String,
    /// The token after `from` exactly as written.
    pub from_host: Option<String>,
    /// The connecting IP, canonical text (RFC 5952), no brackets/`IPv6:`/port.
    pub from_ip: Option<String>,
    pub by_host: Option<String>,
    /// The `with` protocol keyword as written.
    pub with: Option<String>,
    #[serde(flatten)]
    pub tls: TlsFacts,
    /// A local hand-off, not a network connection (sendmail Submit, qmail invoked, Postfix pickup).
    pub non_transfer: bool,
    /// Reverse-DNS name from the TCP-info comment, when different from `from_host`.
    pub from_rdns: Option<String>,
    pub from_port: Option<u16>,
    pub by_ip: Option<String>,
    pub via: Option<String>,
    pub id: Option<String>,
    pub for_addr: Option<String>,
    pub envelope_from: Option<String>,
    /// Timestamp normalised to UTC, RFC 3339 (`2019-08-19T14:41:21Z`).
    pub timestamp: Option<String>,
    /// Seconds since the Unix epoch (UTC), for delays.
    pub unix_time: Option<i64>,
    /// The original UTC offset as written (`-0400`).
    pub timestamp_offset: Option<String>,
    /// Where each fact came from in `raw`.
    pub evidence: Vec<Evidence>,
}

/// Parse one Received field (`raw` includes the `Received:` name). Total: never panics.
pub fn parse(raw: &str) -> ReceivedLine {
    ReceivedLine {
        raw: raw.to_string(),
        tls: crate::core::tls::extract(raw),
        ..ReceivedLine::default()
    }
}
