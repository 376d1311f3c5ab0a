//! Other evidence users expect next to the route: message identity (From, To, Subject, Date,
//! Message-ID), `TLS-Required: No` (RFC 8689), and Authentication-Results /
//! ARC-Authentication-Results (RFC 8601 / RFC 8617) summarised per authserv-id.

use crate::core::model::{AuthResult, HeaderField, MessageInfo};

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
