//! Other evidence users expect next to the route: message identity (From, To, Subject, Date,
//! Message-ID), `TLS-Required: No` (RFC 8689), Authentication-Results /
//! ARC-Authentication-Results (RFC 8601 / RFC 8617) summarised per authserv-id, the TLS facts
//! other headers record about a hop (second witnesses), and Microsoft 365's route headers.

use crate::core::model::{
    AuthResult, HeaderField, MessageInfo, Microsoft365, WitnessReport, WitnessTarget,
};

fn first_value(fields: &[HeaderField], name: &str) -> Option<String> {
    fields
        .iter()
        .find(|f| f.name.eq_ignore_ascii_case(name))
        .map(|f| f.value.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// The identity headers and the RFC 8689 flag.
pub fn message_info(fields: &[HeaderField]) -> MessageInfo {
    // RFC 8689 §5: `TLS-Required: No` (the only defined value), case-insensitive.
    let tls_required_no = fields.iter().any(|f| {
        f.name.eq_ignore_ascii_case("TLS-Required") && f.value.trim().eq_ignore_ascii_case("no")
    });
    MessageInfo {
        from: first_value(fields, "From"),
        to: first_value(fields, "To"),
        subject: first_value(fields, "Subject"),
        date: first_value(fields, "Date"),
        message_id: first_value(fields, "Message-ID"),
        tls_required_no,
    }
}

/// Strip RFC 5322 comments `( … )` (nested) from a header value.
fn strip_comments(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut depth = 0usize;
    let mut escaped = false;
    for c in value.chars() {
        if escaped {
            escaped = false;
            if depth == 0 {
                out.push(c);
            }
            continue;
        }
        match c {
            '\\' => escaped = true,
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Parse one Authentication-Results value (RFC 8601 §2.2):
///
/// ```text
/// authres-header-field = "Authentication-Results:" authserv-id [ CFWS authres-version ]
///                        ( no-result / 1*resinfo ) CRLF
/// resinfo = [CFWS] ";" methodspec [ CFWS reasonspec ] [ 1*( CFWS propspec ) ]
/// methodspec = [CFWS] method [CFWS] "=" [CFWS] result
/// ```
///
/// ARC-Authentication-Results (RFC 8617 §4.1.1) prefixes `i=<n>;`. Microsoft omits the
/// authserv-id and starts with a resinfo directly (`spf=pass …`); that is reported as
/// authserv-id `(not given)`.
fn parse_one(header: &str, value: &str) -> AuthResult {
    let clean = strip_comments(value);
    let mut parts: Vec<&str> = clean.split(';').map(str::trim).collect();
    if header.eq_ignore_ascii_case("ARC-Authentication-Results")
        && parts
            .first()
            .is_some_and(|p| p.to_ascii_lowercase().starts_with("i="))
    {
        parts.remove(0);
    }
    let mut result = AuthResult {
        header: header.to_string(),
        ..AuthResult::default()
    };
    let mut rest = parts.as_slice();
    if let Some(first) = parts.first() {
        let token = first.split_whitespace().next().unwrap_or("");
        let is_method = first.contains('=') && !token.contains('.') && token.contains('=');
        if is_method {
            result.authserv_id = "(not given)".into();
        } else {
            result.authserv_id = token.to_string();
            rest = &parts[1..];
        }
    }
    for part in rest {
        let Some((method, tail)) = part.split_once('=') else {
            continue;
        };
        let method = method.trim().to_ascii_lowercase();
        let outcome = tail
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if outcome.is_empty() {
            continue;
        }
        let slot = match method.as_str() {
            "spf" => &mut result.spf,
            "dkim" => &mut result.dkim,
            "dmarc" => &mut result.dmarc,
            "arc" => &mut result.arc,
            _ => continue,
        };
        match slot {
            Some(existing) => {
                if !existing.split(", ").any(|e| e == outcome) {
                    existing.push_str(", ");
                    existing.push_str(&outcome);
                }
            }
            None => *slot = Some(outcome),
        }
    }
    result
}

/// Every Authentication-Results and ARC-Authentication-Results field, merged per header name
/// and authserv-id, in the order they first appear (topmost = added last).
pub fn authentication(fields: &[HeaderField]) -> Vec<AuthResult> {
    let mut out: Vec<AuthResult> = Vec::new();
    for f in fields {
        let header = if f.name.eq_ignore_ascii_case("Authentication-Results") {
            "Authentication-Results"
        } else if f.name.eq_ignore_ascii_case("ARC-Authentication-Results") {
            "ARC-Authentication-Results"
        } else {
            continue;
        };
        let parsed = parse_one(header, &f.value);
        if let Some(existing) = out
            .iter_mut()
            .find(|r| r.header == parsed.header && r.authserv_id == parsed.authserv_id)
        {
            for (slot, value) in [
                (&mut existing.spf, parsed.spf),
                (&mut existing.dkim, parsed.dkim),
                (&mut existing.dmarc, parsed.dmarc),
                (&mut existing.arc, parsed.arc),
            ] {
                if slot.is_none() {
                    *slot = value;
                }
            }
        } else {
            out.push(parsed);
        }
    }
    out
}

/// TLS facts that headers other than Received record about one hop:
///
/// ```text
/// Authentication-Results: authserv-id; … x-tls=pass smtp.version=TLSv1.2 smtp.cipher=… smtp.bits=256
/// X-Pm-Transfer-Encryption: TLSv1.2 with cipher ECDHE-RSA-AES128-GCM-SHA256 (128/128 bits) | none
/// X-Spamd-Result: … RCVD_TLS_ALL | RCVD_TLS_LAST | RCVD_NO_TLS_LAST …   (with X-Rspamd-Queue-Id)
/// ```
///
/// The Authentication-Results facts are about the hop where the message entered the
/// authserv-id's organisation, Proton's about the hop into Proton (the recipient's entry hop),
/// rspamd's about the hop its queue id names (the last hop before the rspamd host).
pub fn witness_reports(fields: &[HeaderField]) -> Vec<WitnessReport> {
    let mut out = Vec::new();
    let queue_id = first_value(fields, "X-Rspamd-Queue-Id");
    let mut seen: Vec<&'static str> = Vec::new();
    let mut topmost = |header: &'static str| {
        let first = !seen.contains(&header);
        seen.push(header);
        first
    };
    for f in fields {
        let value = f.value.trim();
        if f.name.eq_ignore_ascii_case("Authentication-Results") {
            let clean = strip_comments(value);
            let authserv = clean.split(';').next().unwrap_or("").trim();
            let facts: Vec<&str> = clean
                .split_whitespace()
                .map(|w| w.trim_end_matches(';'))
                .filter(|w| {
                    let lower = w.to_ascii_lowercase();
                    lower.starts_with("x-tls=")
                        || lower.starts_with("smtp.version=")
                        || lower.starts_with("smtp.cipher=")
                        || lower.starts_with("smtp.bits=")
                })
                .collect();
            if facts.is_empty() || authserv.is_empty() {
                continue;
            }
            let tls = facts.iter().find_map(|w| {
                let v = w.split_once('=')?.1;
                w.to_ascii_lowercase()
                    .starts_with("x-tls=")
                    .then(|| v.eq_ignore_ascii_case("pass"))
            });
            // A version or cipher alone is a TLS session too.
            let tls = tls.or(Some(true));
            out.push(WitnessReport {
                header: "Authentication-Results",
                says: facts.join(" "),
                tls,
                about: WitnessTarget::EnteringOrgOf(
                    authserv.split_whitespace().next().unwrap_or("").to_string(),
                ),
                topmost: topmost("Authentication-Results"),
            });
        } else if f.name.eq_ignore_ascii_case("X-Pm-Transfer-Encryption") {
            let tls = if value.eq_ignore_ascii_case("none") {
                Some(false)
            } else if value
                .get(..3)
                .is_some_and(|v| v.eq_ignore_ascii_case("TLS"))
            {
                Some(true)
            } else {
                None
            };
            out.push(WitnessReport {
                header: "X-Pm-Transfer-Encryption",
                says: value.to_string(),
                tls,
                about: WitnessTarget::EntryHop,
                topmost: topmost("X-Pm-Transfer-Encryption"),
            });
        } else if f.name.eq_ignore_ascii_case("X-Spamd-Result") {
            let symbol = ["RCVD_NO_TLS_LAST", "RCVD_TLS_ALL", "RCVD_TLS_LAST"]
                .into_iter()
                .find(|s| {
                    value
                        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .any(|w| w == *s)
                });
            let Some(symbol) = symbol else {
                continue;
            };
            out.push(WitnessReport {
                header: "X-Spamd-Result",
                says: symbol.to_string(),
                tls: Some(symbol != "RCVD_NO_TLS_LAST"),
                about: queue_id
                    .clone()
                    .map_or(WitnessTarget::EntryHop, WitnessTarget::QueueId),
                topmost: topmost("X-Spamd-Result"),
            });
        }
    }
    out
}

/// Microsoft 365's route headers, topmost copy of each (the first in header order); `None`
/// without any of them. `entry` is left for the path reasoning, which knows the entry hop.
pub fn microsoft_365(fields: &[HeaderField]) -> Option<Microsoft365> {
    let facts = Microsoft365 {
        organization_auth_as: first_value(fields, "X-MS-Exchange-Organization-AuthAs"),
        message_directionality: first_value(
            fields,
            "X-MS-Exchange-Organization-MessageDirectionality",
        ),
        cross_tenant_auth_as: first_value(fields, "X-MS-Exchange-CrossTenant-AuthAs"),
        from_entity: first_value(fields, "X-MS-Exchange-CrossTenant-FromEntityHeader"),
        external_original_internet_sender: first_value(
            fields,
            "X-MS-Exchange-ExternalOriginalInternetSender",
        ),
        skip_listed_internet_sender: first_value(fields, "X-MS-Exchange-SkipListedInternetSender"),
        entry: None,
    };
    (facts != Microsoft365::default()).then_some(facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, value: &str) -> HeaderField {
        HeaderField {
            name: name.into(),
            value: value.into(),
            raw: format!("{name}: {value}"),
        }
    }

    #[test]
    fn authentication_results_per_authserv_id() {
        let fields = vec![
            field(
                "Authentication-Results",
                "mx.google.com; dkim=pass header.i=@a.com header.s=s1; dkim=fail (bad sig) header.i=@b.com; spf=pass (google.com: domain of x) smtp.mailfrom=a.com; dmarc=pass (p=NONE) header.from=a.com",
            ),
            field(
                "ARC-Authentication-Results",
                "i=1; mx.microsoft.com 1; spf=pass smtp.mailfrom=a.com; dmarc=pass action=none header.from=a.com; dkim=pass header.d=a.com; arc=none",
            ),
            field(
                "Authentication-Results",
                "spf=softfail (sender IP is 1.2.3.4) smtp.mailfrom=x.com; dkim=none (message not signed) header.d=none;dmarc=fail action=none header.from=x.com;compauth=fail reason=001",
            ),
            field("Authentication-Results", "mx.google.com; arc=pass (i=1)"),
            field("Subject", "hello"),
        ];
        let got = authentication(&fields);
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0].authserv_id, "mx.google.com");
        assert_eq!(got[0].dkim.as_deref(), Some("pass, fail"));
        assert_eq!(got[0].spf.as_deref(), Some("pass"));
        assert_eq!(got[0].dmarc.as_deref(), Some("pass"));
        assert_eq!(
            got[0].arc.as_deref(),
            Some("pass"),
            "merged from the second field of the same id"
        );
        assert_eq!(got[1].header, "ARC-Authentication-Results");
        assert_eq!(got[1].authserv_id, "mx.microsoft.com");
        assert_eq!(got[1].arc.as_deref(), Some("none"));
        assert_eq!(got[2].authserv_id, "(not given)");
        assert_eq!(got[2].spf.as_deref(), Some("softfail"));
        assert_eq!(got[2].dmarc.as_deref(), Some("fail"));
    }

    #[test]
    fn message_info_and_tls_required() {
        let fields = vec![
            field("From", "A <a@example.com>"),
            field("To", "b@example.org"),
            field("Subject", "Hi"),
            field("Date", "Mon, 1 Jan 2024 00:00:00 +0000"),
            field("Message-ID", "<1@example.com>"),
            field("TLS-Required", " no "),
        ];
        let info = message_info(&fields);
        assert_eq!(info.from.as_deref(), Some("A <a@example.com>"));
        assert_eq!(info.message_id.as_deref(), Some("<1@example.com>"));
        assert!(info.tls_required_no);
        assert!(!message_info(&fields[..5]).tls_required_no);
    }
}
