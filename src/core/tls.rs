//! TLS facts of one Received line, in every MTA dialect.
//! (Stub: to be completed by the Received-dialect issue.)

use serde::Serialize;

/// What the receiving server recorded about TLS. Field names are the report contract.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct TlsFacts {
    /// true: recorded; false: the dialect would show TLS and does not; null: cannot tell.
    pub tls: Option<bool>,
    /// `TLS1.0`…`TLS1.3`, `SSL3`, `TLS (version unknown)`.
    pub tls_version: Option<String>,
    /// Cipher suite exactly as written.
    pub cipher: Option<String>,
    /// Effective key bits (first number printed).
    pub bits: Option<u32>,
    pub cert_verified: Option<bool>,
    /// The verification wording as written (`verify=NOT`, `No client certificate requested`).
    pub cert_verification_raw: Option<String>,
    /// Key exchange as printed (Postfix 3.4+: `X25519`).
    pub key_exchange: Option<String>,
    /// Server signature as printed (Postfix 3.4+: `RSA-PSS (2048 bits)`).
    pub signature: Option<String>,
    /// Which dialect rule recognised the TLS facts (`sendmail-version-comment`, `rfc3848-esmtps`, …).
    pub tls_rule: Option<String>,
}

/// Extract TLS facts from one raw Received field. Total: never panics.
pub fn extract(_raw: &str) -> TlsFacts {
    TlsFacts::default()
}
