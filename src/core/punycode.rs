//! IDNA A-labels (RFC 3492 Punycode with the `xn--` prefix) for the Public Suffix List's Unicode
//! rules, so they match the ASCII host names of Received headers (`公司.cn` → `xn--55qx5d.cn`).
//!
//! Shared by `build.rs` (which writes each Unicode rule into the embedded tree in A-labels only),
//! `src/core/providers.rs` (which looks a Unicode host name up by its A-labels) and its tests
//! (RFC 3492's samples).

use std::borrow::Cow;

/// The A-label of one label: itself if it is all ASCII, else `xn--` and its Punycode. No case
/// folding or other IDNA mapping: the list's Unicode labels are lower case and NFC already, and
/// a host label matches a rule label exactly when their A-labels are equal (Punycode is
/// one-to-one), as when the tree held the Unicode labels themselves.
pub fn a_label(label: &str) -> Cow<'_, str> {
    if label.is_ascii() {
        Cow::Borrowed(label)
    } else {
        Cow::Owned(String::from("xn--") + &encode(label))
    }
}

/// RFC 3492 section 6.3 encoding with the section 5 parameters (no case annotation). The
/// arithmetic is `u64`, far beyond what any DNS label (63 bytes) can overflow.
pub fn encode(input: &str) -> String {
    const BASE: u64 = 36;
    const T_MIN: u64 = 1;
    const T_MAX: u64 = 26;
    const SKEW: u64 = 38;
    const DAMP: u64 = 700;

    fn digit(d: u64) -> char {
        let d = d as u8;
        char::from(if d < 26 { b'a' + d } else { b'0' + d - 26 })
    }

    fn adapt(delta: u64, points: u64, first: bool) -> u64 {
        let mut delta = if first { delta / DAMP } else { delta / 2 };
        delta += delta / points;
        let mut k = 0;
        while delta > ((BASE - T_MIN) * T_MAX) / 2 {
            delta /= BASE - T_MIN;
            k += BASE;
        }
        k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
    }

    let code_points = || input.chars().map(u64::from);
    let mut out: String = input.chars().filter(char::is_ascii).collect();
    let basic = out.len() as u64;
    let total = code_points().count() as u64;
    let mut handled = basic;
    if basic > 0 {
        out.push('-');
    }
    let (mut n, mut delta, mut bias) = (128u64, 0u64, 72u64);
    while handled < total {
        // Always found while some code point is not handled yet: those are all `n` or above.
        let Some(m) = code_points().filter(|&c| c >= n).min() else {
            break;
        };
        delta += (m - n) * (handled + 1);
        n = m;
        for c in code_points() {
            if c < n {
                delta += 1;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    out
}
