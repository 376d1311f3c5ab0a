//! Strength of a recorded TLS session, graded from the version and cipher suite the receiving
//! server wrote down, with one named reason per finding.
//!
//! Grades: `strong` (TLS 1.3, or TLS 1.2 with a forward-secret AEAD suite), `acceptable` (nothing
//! weak found, but not all of strong's properties are shown), `weak` (deprecated protocol or a
//! weak construction), `broken` (SSL 2/3, or no encryption at all), `unknown` (TLS was recorded
//! without version or cipher).

use crate::core::model::{Effect, Grade, Strength, StrengthReason, TlsFacts};

/// Add a finding to the list.
fn add(reasons: &mut Vec<StrengthReason>, id: &'static str, effect: Effect, text: &str) {
    reasons.push(StrengthReason {
        id,
        effect,
        text: text.into(),
    });
}

/// Cipher-suite name normalised for keyword tests: upper case, `_` → `-`.
fn norm(cipher: &str) -> String {
    cipher.to_ascii_uppercase().replace('_', "-")
}

fn has_word(name: &str, word: &str) -> bool {
    name.split('-').any(|w| w == word)
}

/// Grade one TLS session. Only meaningful when TLS was recorded.
pub fn grade(facts: &TlsFacts) -> Strength {
    let mut reasons = Vec::new();
    let version = facts.tls_version.as_deref().unwrap_or("");
    let cipher = facts.cipher.as_deref().map(norm).unwrap_or_default();
    // A TLS 1.3 suite name (IANA `TLS_AES_…`/`TLS_CHACHA20_…`, rustls `TLS13_…`, LibreSSL `AEAD-…`)
    // implies TLS 1.3 even when the version is not written.
    let tls13_suite = cipher.starts_with("TLS-AES-")
        || cipher.starts_with("TLS-CHACHA20-")
        || cipher.starts_with("TLS13-")
        || cipher.starts_with("AEAD-");
    // Not written, or OpenSSL's family label `TLSv1/SSLv3` (normalised "TLS (version unknown)").
    let version_unknown = version.is_empty() || version == "TLS (version unknown)";
    let is13 = version == "TLS1.3" || (version_unknown && tls13_suite);
    let aead = tls13_suite
        || has_word(&cipher, "GCM")
        || cipher.contains("CHACHA20")
        || has_word(&cipher, "CCM")
        || has_word(&cipher, "CCM8");
    let kex = facts
        .key_exchange
        .as_deref()
        .unwrap_or("")
        .to_ascii_uppercase();
    let forward_secret = is13
        || tls13_suite
        || has_word(&cipher, "ECDHE")
        || has_word(&cipher, "DHE")
        || has_word(&cipher, "EDH")
        || cipher.starts_with("EECDH")
        || cipher.contains("DIFFIEHELLMAN")
        || kex.contains("X25519")
        || kex.contains("X448")
        || kex.contains("ECDHE")
        || kex.contains("DHE");
    let anonymous = has_word(&cipher, "ADH")
        || has_word(&cipher, "AECDH")
        || has_word(&cipher, "ANON")
        || cipher.contains("ANULL");

    let mut broken = false;
    let mut weak = false;

    match version {
        "TLS1.3" => add(
            &mut reasons,
            "tls13",
            Effect::Good,
            "TLS 1.3: the current version; every TLS 1.3 cipher suite is forward-secret and authenticated-encryption.",
        ),
        "TLS1.2" => add(
            &mut reasons,
            "tls12",
            Effect::Good,
            "TLS 1.2: a current version.",
        ),
        "TLS1.0" | "TLS1.1" => {
            weak = true;
            add(
                &mut reasons,
                "old-protocol",
                Effect::Weak,
                "TLS 1.0 / 1.1: deprecated since 2021 (RFC 8996); known attacks make them unfit today.",
            )
        }
        "SSL3" | "SSL2" => {
            broken = true;
            add(
                &mut reasons,
                "ssl",
                Effect::Broken,
                "SSL 2/3: broken protocols (SSL 3 falls to the POODLE attack); prohibited by RFC 6176 and RFC 7568.",
            )
        }
        _ => {
            if tls13_suite {
                add(
                    &mut reasons,
                    "tls13",
                    Effect::Good,
                    "The cipher suite is a TLS 1.3 suite, so TLS 1.3 was used although the version is not written.",
                );
            } else {
                add(
                    &mut reasons,
                    "version-unknown",
                    Effect::Neutral,
                    if version.is_empty() {
                        "The line does not say which TLS version was used."
                    } else {
                        "The version label (`TLSv1/SSLv3`) is OpenSSL's cipher-family name, not the negotiated protocol, so the version is unknown."
                    },
                );
            }
        }
    }

    if cipher.is_empty() {
        add(
            &mut reasons,
            "cipher-unknown",
            Effect::Neutral,
            "The line does not say which cipher suite was used.",
        );
    } else {
        if has_word(&cipher, "NULL") || cipher.contains("WITH-NULL") {
            broken = true;
            add(
                &mut reasons,
                "null-cipher",
                Effect::Broken,
                "NULL cipher: the connection was authenticated but not encrypted.",
            );
        }
        if cipher.contains("RC4") || cipher.contains("ARCFOUR") {
            weak = true;
            add(
                &mut reasons,
                "rc4",
                Effect::Weak,
                "RC4 stream cipher: biased keystream, prohibited in TLS by RFC 7465.",
            );
        }
        if cipher.contains("3DES") || cipher.contains("DES-CBC3") || cipher.contains("DES-EDE") {
            weak = true;
            add(
                &mut reasons,
                "3des",
                Effect::Weak,
                "3DES: 64-bit blocks (Sweet32 attack) and only 112 bits of effective strength.",
            );
        } else if has_word(&cipher, "DES") || cipher.contains("DES-CBC-") {
            weak = true;
            add(
                &mut reasons,
                "des",
                Effect::Weak,
                "Single DES: 56-bit keys, breakable.",
            );
        }
        if cipher.contains("EXP") && (cipher.starts_with("EXP") || cipher.contains("EXPORT")) {
            weak = true;
            add(
                &mut reasons,
                "export",
                Effect::Weak,
                "Export-grade suite: deliberately weakened 40/56-bit cryptography from the 1990s.",
            );
        }
        if anonymous {
            weak = true;
            add(
                &mut reasons,
                "anonymous",
                Effect::Weak,
                "Anonymous key exchange (ADH/AECDH): no server certificate at all, so anyone in the path could have intercepted the connection (man-in-the-middle).",
            );
        }
        if forward_secret && !anonymous {
            add(
                &mut reasons,
                "forward-secrecy",
                Effect::Good,
                "Forward secrecy (ephemeral Diffie-Hellman): a key stolen later cannot decrypt this session.",
            );
        } else if !forward_secret {
            add(
                &mut reasons,
                "no-forward-secrecy",
                Effect::Neutral,
                "No forward secrecy (RSA key exchange): whoever obtains the server's private key later can decrypt a recorded session.",
            );
        }
        if aead && version_unknown && !tls13_suite {
            add(
                &mut reasons,
                "aead-implies-tls12",
                Effect::Good,
                "GCM / ChaCha20 / CCM suites exist only from TLS 1.2 on, so at least TLS 1.2 was used.",
            );
        }
        if aead {
            add(
                &mut reasons,
                "aead",
                Effect::Good,
                "Authenticated encryption (GCM / ChaCha20-Poly1305 / CCM).",
            );
        } else if !has_word(&cipher, "NULL") {
            add(
                &mut reasons,
                "cbc",
                Effect::Neutral,
                "CBC-mode cipher with a separate MAC: an older construction with a history of padding attacks.",
            );
            if !forward_secret {
                weak = true;
                add(
                    &mut reasons,
                    "cbc-without-forward-secrecy",
                    Effect::Weak,
                    "CBC mode without forward secrecy: the weakest combination still in use.",
                );
            }
        }
    }

    // Exim < 4.80 with GnuTLS printed the key size in bytes (16/24/32); docs/formats.md §4.3.
    let bits = facts.bits.map(|b| {
        let gnutls_style = !cipher.is_empty()
            && facts
                .cipher
                .as_deref()
                .is_some_and(|c| c.contains('_') && !c.starts_with("TLS_"));
        if b <= 32 && gnutls_style { b * 8 } else { b }
    });
    if let Some(b) = bits
        && b < 128
    {
        weak = true;
        add(
            &mut reasons,
            "short-key",
            Effect::Weak,
            &format!("{b}-bit symmetric key: below the 128 bits considered the minimum today."),
        );
    }

    // (TLS 1.3, or TLS 1.2, or an unwritten version with an AEAD suite, which only exists from
    // TLS 1.2 on) with a forward-secret, authenticated AEAD suite.
    let current_version = is13 || version == "TLS1.2" || version_unknown;
    let strong = current_version && forward_secret && aead && !anonymous;
    let grade = if broken {
        Grade::Broken
    } else if weak {
        Grade::Weak
    } else if strong {
        Grade::Strong
    } else if version_unknown && cipher.is_empty() {
        Grade::Unknown
    } else {
        Grade::Acceptable
    };
    Strength { grade, reasons }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(version: Option<&str>, cipher: Option<&str>, bits: Option<u32>) -> TlsFacts {
        TlsFacts {
            tls: Some(true),
            tls_version: version.map(str::to_string),
            cipher: cipher.map(str::to_string),
            bits,
            ..TlsFacts::default()
        }
    }

    /// (version, cipher, bits, grade, reason ids that must be present)
    #[test]
    fn grades_follow_the_named_rules() {
        type Case<'a> = (
            Option<&'a str>,
            Option<&'a str>,
            Option<u32>,
            &'a str,
            &'a [&'a str],
        );
        let table: &[Case] = &[
            (
                Some("TLS1.3"),
                Some("TLS_AES_256_GCM_SHA384"),
                Some(256),
                "strong",
                &["tls13", "aead"],
            ),
            (
                None,
                Some("TLS_AES_256_GCM_SHA384"),
                None,
                "strong",
                &["tls13"],
            ),
            (
                Some("TLS1.2"),
                Some("ECDHE-RSA-AES256-GCM-SHA384"),
                Some(256),
                "strong",
                &["tls12", "forward-secrecy", "aead"],
            ),
            (
                Some("TLS1.2"),
                Some("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P384"),
                None,
                "acceptable",
                &["forward-secrecy", "cbc"],
            ),
            (
                Some("TLS (version unknown)"),
                Some("DHE-RSA-AES256-SHA"),
                Some(256),
                "acceptable",
                &["version-unknown", "forward-secrecy", "cbc"],
            ),
            (
                Some("TLS1.2"),
                Some("AES256-SHA"),
                Some(256),
                "weak",
                &["no-forward-secrecy", "cbc-without-forward-secrecy"],
            ),
            (
                Some("TLS1.0"),
                Some("ECDHE-RSA-AES256-SHA"),
                Some(256),
                "weak",
                &["old-protocol"],
            ),
            (
                Some("TLS (version unknown)"),
                Some("RC4-MD5"),
                Some(128),
                "weak",
                &["rc4"],
            ),
            (
                Some("TLS1.0"),
                Some("DES-CBC3-SHA"),
                Some(168),
                "weak",
                &["3des"],
            ),
            (
                Some("TLS1.2"),
                Some("AECDH-AES256-SHA"),
                Some(256),
                "weak",
                &["anonymous"],
            ),
            (
                Some("TLS1.0"),
                Some("EXP-RC4-MD5"),
                Some(40),
                "weak",
                &["export", "short-key"],
            ),
            (Some("SSL3"), Some("RC4-SHA"), Some(128), "broken", &["ssl"]),
            (
                None,
                None,
                None,
                "unknown",
                &["version-unknown", "cipher-unknown"],
            ),
            (
                None,
                Some("ECDHE-RSA-AES256-GCM-SHA384"),
                None,
                "strong",
                &["aead"],
            ),
            (
                Some("TLS1.0"),
                Some("RSA_ARCFOUR_MD5"),
                Some(16),
                "weak",
                &["rc4"],
            ),
        ];
        for (v, c, b, want, ids) in table {
            let s = grade(&facts(*v, *c, *b));
            assert_eq!(s.grade.as_str(), *want, "{v:?} {c:?}: {s:?}");
            for id in *ids {
                assert!(
                    s.reasons.iter().any(|r| r.id == *id),
                    "{v:?} {c:?} lacks {id}: {s:?}"
                );
            }
        }
        // GnuTLS byte count 16 = 128 bits: not a short key.
        let s = grade(&facts(
            Some("TLS1.0"),
            Some("RSA_AES_128_CBC_SHA1"),
            Some(16),
        ));
        assert!(!s.reasons.iter().any(|r| r.id == "short-key"), "{s:?}");
    }
}
