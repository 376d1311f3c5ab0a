//! ASCII text helpers for the scanners: header grammar is ASCII, so case is folded by byte and
//! cuts next to ASCII bytes always fall on character boundaries. Built on std's ASCII methods;
//! what std lacks (case-insensitive search, words with their offsets) is written here once.

/// `s` starts with the ASCII `prefix`, ignoring case.
pub fn starts_ci(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// `s` ends with the ASCII `suffix`, ignoring case.
pub fn ends_with_ci(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.as_bytes()[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// `a` equals `b`, ignoring ASCII case.
pub fn eq_ci(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// ASCII case-insensitive substring search (`needle` is ASCII): the byte offset of the first
/// match. Scans for the first byte in either case, then compares the rest; no allocation.
pub fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else {
        return Some(0);
    };
    if h.len() < n.len() {
        return None;
    }
    let (lo, up) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    let last = h.len() - n.len();
    let mut i = 0;
    // Candidates: the first byte in either case, found by a plain scan.
    while let Some(at) = h[i..=last].iter().position(|&b| b == lo || b == up) {
        i += at;
        if h[i + 1..i + n.len()].eq_ignore_ascii_case(rest) {
            return Some(i);
        }
        i += 1;
        if i > last {
            break;
        }
    }
    None
}

/// `s` without the leading and trailing bytes `strip` accepts. `strip` must accept ASCII bytes
/// only, so that the cuts fall on character boundaries.
pub fn trim_bytes(s: &str, strip: impl Fn(u8) -> bool) -> &str {
    let b = s.as_bytes();
    let start = b.iter().position(|&c| !strip(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|&c| !strip(c)).map_or(start, |e| e + 1);
    s.get(start..end).unwrap_or("")
}

/// Words of `s` split on ASCII white space, each with its byte offset in `s`:
/// `str::split_ascii_whitespace` plus the offsets the evidence spans need.
pub fn words(s: &str) -> Words<'_> {
    Words { s, at: 0 }
}

/// The iterator of [`words`].
pub struct Words<'a> {
    s: &'a str,
    at: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let b = self.s.as_bytes();
        let start = self.at
            + b[self.at..]
                .iter()
                .take_while(|c| c.is_ascii_whitespace())
                .count();
        let end = start
            + b[start..]
                .iter()
                .take_while(|c| !c.is_ascii_whitespace())
                .count();
        self.at = end;
        // Cuts next to ASCII white space are character boundaries.
        (start < end).then(|| (start, &self.s[start..end]))
    }
}

/// The first word of `s` (see [`words`]), or `""`.
pub fn first_word(s: &str) -> &str {
    words(s).next().map_or("", |(_, w)| w)
}

/// Runs of white space (folding) collapsed into one space.
pub fn collapse(s: &str) -> String {
    if !s.bytes().any(|b| b.is_ascii_whitespace()) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for (i, (_, w)) in words(s).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_agree_with_std_on_ascii() {
        let cases = [
            "",
            "a",
            "Postfix",
            "ESMTPS",
            "with ESMTPSA id",
            "ÄÖ x",
            "tls",
            "TLS",
        ];
        for s in cases {
            for p in cases {
                let (ls, lp) = (s.to_ascii_lowercase(), p.to_ascii_lowercase());
                assert_eq!(starts_ci(s, p), ls.starts_with(&lp), "{s:?} {p:?}");
                assert_eq!(ends_with_ci(s, p), ls.ends_with(&lp), "{s:?} {p:?}");
                assert_eq!(eq_ci(s, p), ls == lp, "{s:?} {p:?}");
                if p.is_ascii() {
                    assert_eq!(find_ci(s, p), ls.find(&lp), "{s:?} {p:?}");
                }
            }
            let std_words: Vec<&str> = s.split_ascii_whitespace().collect();
            let ours: Vec<&str> = words(s).map(|(_, w)| w).collect();
            assert_eq!(ours, std_words);
            for (at, w) in words(s) {
                assert_eq!(&s[at..at + w.len()], w);
            }
        }
        assert_eq!(trim_bytes("((x))", |b| b == b'(' || b == b')'), "x");
        assert_eq!(collapse("a \n\t b"), "a b");
    }
}
