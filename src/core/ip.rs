//! IP address text ↔ `std::net` values, for the whole core: the same answers as `str::parse`
//! and `Display`, written directly. Why: std's generic address parser and formatter cost ~7 KB
//! of wasm, and parsing runs for every address-like word of every Received line.
//!
//! The grammar `std` accepts (and so this module):
//!
//! ```text
//! IPv4 = dec "." dec "." dec "." dec        ; dec: 1–3 digits, 0–255, no leading zero
//! IPv6 = groups [ "::" groups ]             ; groups: 1–4 hex digits joined by ":",
//!                                           ; the last two may be one dotted IPv4 (not before "::")
//! ```

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// An IPv4 or IPv6 address, as `s.parse::<IpAddr>()` reads it.
pub fn parse(s: &str) -> Option<IpAddr> {
    match parse_v4(s) {
        Some(v4) => Some(IpAddr::V4(v4)),
        None => parse_v6(s).map(IpAddr::V6),
    }
}

/// Dotted-quad IPv4, as `s.parse::<Ipv4Addr>()` reads it.
pub fn parse_v4(s: &str) -> Option<Ipv4Addr> {
    read_v4(s.as_bytes(), 0).and_then(|(ip, end)| (end == s.len()).then_some(ip))
}

/// The dotted quad that starts at `b[at]` (what follows it is left unread), and where it ends.
/// A plain byte loop: this runs for every address-like word of every line.
fn read_v4(b: &[u8], at: usize) -> Option<(Ipv4Addr, usize)> {
    let mut octets = [0u8; 4];
    let (mut part, mut value, mut digits) = (0, 0u16, 0);
    let mut i = at;
    while i < b.len() {
        match b[i] {
            c @ b'0'..=b'9' => {
                // No leading zeros, at most three digits.
                if (digits == 1 && value == 0) || digits == 3 {
                    return None;
                }
                value = value * 10 + u16::from(c - b'0');
                digits += 1;
            }
            b'.' if digits > 0 && part < 3 => {
                octets[part] = u8::try_from(value).ok()?;
                (part, value, digits) = (part + 1, 0, 0);
            }
            _ => break,
        }
        i += 1;
    }
    if part != 3 || digits == 0 {
        return None;
    }
    octets[3] = u8::try_from(value).ok()?;
    Some((Ipv4Addr::from(octets), i))
}

/// IPv6 text, as `s.parse::<Ipv6Addr>()` reads it: the groups before `::`, then (when fewer
/// than eight) `::` and the groups after it.
pub fn parse_v6(s: &str) -> Option<Ipv6Addr> {
    let b = s.as_bytes();
    let mut groups = [0u16; 8];
    let (head, head_v4, at) = read_groups(b, 0, &mut groups);
    if head == 8 {
        return (at == b.len()).then(|| Ipv6Addr::from(groups));
    }
    // A dotted IPv4 ends an address; it cannot come before `::`.
    if head_v4 || b.get(at..at + 2) != Some(b"::") {
        return None;
    }
    // `::` stands for at least one zero group.
    let mut tail = [0u16; 7];
    let room = 7 - head;
    let (tail_len, _, end) = read_groups(b, at + 2, &mut tail[..room]);
    if end != b.len() {
        return None;
    }
    groups[8 - tail_len..].copy_from_slice(&tail[..tail_len]);
    Some(Ipv6Addr::from(groups))
}

/// Up to `groups.len()` groups from `b[at]` on, joined by `:`; the last two slots may hold a
/// dotted IPv4. Returns how many groups were read, whether an IPv4 ended them, and where the
/// reading stopped (a `:` not followed by a group is left unread).
fn read_groups(b: &[u8], at: usize, groups: &mut [u16]) -> (usize, bool, usize) {
    let mut at = at;
    for i in 0..groups.len() {
        let start = if i == 0 {
            at
        } else if b.get(at) == Some(&b':') {
            at + 1
        } else {
            return (i, false, at);
        };
        if i + 1 < groups.len()
            && let Some((v4, end)) = read_v4(b, start)
        {
            let [a, b, c, d] = v4.octets();
            groups[i] = u16::from_be_bytes([a, b]);
            groups[i + 1] = u16::from_be_bytes([c, d]);
            return (i + 2, true, end);
        }
        let mut value = 0u16;
        let mut end = start;
        while let Some(digit) = b.get(end).and_then(|&c| char::from(c).to_digit(16)) {
            if end - start == 4 {
                return (i, false, at);
            }
            value = value << 4 | digit as u16;
            end += 1;
        }
        if end == start {
            return (i, false, at);
        }
        groups[i] = value;
        at = end;
    }
    (groups.len(), false, at)
}

/// `ip.to_string()`: dotted decimal, or RFC 5952 IPv6 (see [`v6_text`]).
pub fn text(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4_text(v4),
        IpAddr::V6(v6) => v6_text(&v6),
    }
}

/// `ip.to_string()` for IPv4.
pub fn v4_text(ip: Ipv4Addr) -> String {
    let mut out = String::with_capacity(15);
    push_v4(&mut out, ip);
    out
}

fn push_v4(out: &mut String, ip: Ipv4Addr) {
    for (k, octet) in ip.octets().into_iter().enumerate() {
        if k > 0 {
            out.push('.');
        }
        if octet >= 100 {
            out.push(char::from(b'0' + octet / 100));
        }
        if octet >= 10 {
            out.push(char::from(b'0' + octet / 10 % 10));
        }
        out.push(char::from(b'0' + octet % 10));
    }
}

/// RFC 5952 text of an IPv6 address, exactly as `std`'s `Display` writes it (IPv4-mapped as
/// `::ffff:a.b.c.d`, the first longest run of two or more zero groups as `::`, lower-case hex).
pub fn v6_text(ip: &Ipv6Addr) -> String {
    if let Some(v4) = ip.to_ipv4_mapped() {
        let mut out = String::with_capacity(22);
        out.push_str("::ffff:");
        push_v4(&mut out, v4);
        return out;
    }
    let groups = ip.segments();
    // The first longest run of zero groups.
    let (mut best, mut best_len, mut run, mut run_len) = (0, 0, 0, 0);
    for (k, &g) in groups.iter().enumerate() {
        if g == 0 {
            if run_len == 0 {
                run = k;
            }
            run_len += 1;
            if run_len > best_len {
                (best, best_len) = (run, run_len);
            }
        } else {
            run_len = 0;
        }
    }
    let mut out = String::with_capacity(39);
    let write_groups = |out: &mut String, groups: &[u16]| {
        for (k, &g) in groups.iter().enumerate() {
            if k > 0 {
                out.push(':');
            }
            push_hex(out, g);
        }
    };
    if best_len > 1 {
        write_groups(&mut out, &groups[..best]);
        out.push_str("::");
        write_groups(&mut out, &groups[best + best_len..]);
    } else {
        write_groups(&mut out, &groups);
    }
    out
}

/// Lower-case hex without leading zeros.
fn push_hex(out: &mut String, n: u16) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut shift = 12;
    while shift > 0 && n >> shift == 0 {
        shift -= 4;
    }
    loop {
        out.push(char::from(HEX[usize::from(n >> shift & 0xf)]));
        if shift == 0 {
            break;
        }
        shift -= 4;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic xorshift64: the same cases on every run.
    fn next(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    /// Parsing and formatting agree with `std` on random and edge-case input.
    #[test]
    fn agrees_with_std() {
        let mut state = 0x9E37_79B9_7F4A_7C15;
        let (mut valid_v4, mut valid_v6) = (0, 0);
        for round in 0..20_000 {
            let r = next(&mut state);
            // IPv6 with zero runs of every length and position (each group zero half the time).
            let mut groups = [0u16; 8];
            for (k, g) in groups.iter_mut().enumerate() {
                let bits = (r >> (k * 8)) as u16;
                *g = if bits & 1 == 0 {
                    0
                } else {
                    bits >> (round % 12)
                };
            }
            let ip = Ipv6Addr::from(groups);
            assert_eq!(v6_text(&ip), ip.to_string(), "{groups:?}");
            assert_eq!(text(IpAddr::V6(ip)), ip.to_string());
            assert_eq!(parse_v6(&ip.to_string()), Some(ip));
            let mapped = Ipv4Addr::from(r as u32).to_ipv6_mapped();
            assert_eq!(v6_text(&mapped), mapped.to_string());
            let v4 = Ipv4Addr::from(r as u32);
            assert_eq!(text(IpAddr::V4(v4)), v4.to_string());

            // IPv4-like text: parts of 0–4 characters from digits, a few letters and signs.
            let alphabet = b"01234567890123456789012345a+ ";
            let mut v4_like = String::new();
            let mut bits = r;
            for part in 0..(3 + (r % 3) as usize) {
                if part > 0 {
                    v4_like.push('.');
                }
                for _ in 0..[0, 1, 1, 2, 2, 3, 3, 4][(bits % 8) as usize] {
                    bits /= 8;
                    v4_like.push(char::from(
                        alphabet[(bits % alphabet.len() as u64) as usize],
                    ));
                    bits /= alphabet.len() as u64;
                }
                bits = next(&mut state);
            }
            let want = v4_like.parse::<Ipv4Addr>().ok();
            assert_eq!(parse_v4(&v4_like), want, "{v4_like:?}");
            assert_eq!(
                parse(&v4_like),
                v4_like.parse::<IpAddr>().ok(),
                "{v4_like:?}"
            );
            valid_v4 += usize::from(want.is_some());

            // IPv6-like text: up to ten pieces of hex digits (0–5), `:`/`::`/`:::` between,
            // sometimes a dotted IPv4 piece, now and then a stray character.
            let alphabet = b"0123456789abcdefABCDEF0000";
            let mut v6_like = String::new();
            let mut bits = next(&mut state);
            for piece in 0..(1 + (bits % 10) as usize) {
                bits = next(&mut state);
                if piece > 0 || bits.is_multiple_of(7) {
                    v6_like.push_str([":", ":", ":", ":", "::", ":::"][(bits % 6) as usize]);
                }
                bits /= 8;
                if bits.is_multiple_of(9) {
                    v6_like.push_str(
                        ["1.2.3.4", "10.0.0.255", "01.2.3.4", "1.2.3"][(bits / 9 % 4) as usize],
                    );
                    continue;
                }
                for _ in 0..[0, 1, 1, 2, 3, 4, 4, 5][(bits % 8) as usize] {
                    bits /= 8;
                    v6_like.push(char::from(
                        alphabet[(bits % alphabet.len() as u64) as usize],
                    ));
                }
                if bits.is_multiple_of(97) {
                    v6_like.push(['g', '.', ' ', '%'][(bits / 97 % 4) as usize]);
                }
            }
            let want = v6_like.parse::<Ipv6Addr>().ok();
            assert_eq!(parse_v6(&v6_like), want, "{v6_like:?}");
            assert_eq!(
                parse(&v6_like),
                v6_like.parse::<IpAddr>().ok(),
                "{v6_like:?}"
            );
            valid_v6 += usize::from(want.is_some());
        }
        assert!(valid_v4 > 100, "the generator reaches valid IPv4 addresses");
        assert!(valid_v6 > 500, "the generator reaches valid IPv6 addresses");
        for s in [
            "0.0.0.0",
            "255.255.255.255",
            "256.1.1.1",
            "01.2.3.4",
            "1.2.3",
            "1..2.3",
            "1.2.3.4.",
            "",
            "::",
            ":::",
            "::1",
            "1::",
            "1:2:3:4:5:6:7::",
            "::2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6::7:8",
            "::ffff:1.2.3.4",
            "::1.2.3.4",
            "1:2:3:4:5:6:1.2.3.4",
            "1:2:3:4:5:6:7:1.2.3.4",
            "1.2.3.4::",
            "1::2::3",
            "12345::",
            "::12345",
            "1:",
            ":1",
            "1::2:",
            "::ffff:1.2.3.04",
            "2001:DB8::A",
            "fe80::1%eth0",
        ] {
            assert_eq!(parse(s), s.parse::<IpAddr>().ok(), "{s:?}");
            assert_eq!(parse_v4(s), s.parse::<Ipv4Addr>().ok(), "{s:?}");
            assert_eq!(parse_v6(s), s.parse::<Ipv6Addr>().ok(), "{s:?}");
        }
    }
}
