//! Encoded words (RFC 2047) in charsets the core does not decode itself — ISO-8859-x,
//! windows-125x, KOI8, Shift_JIS, ISO-2022-JP, GBK, Big5, EUC-KR … — decoded by the browser's
//! `TextDecoder` (the WHATWG Encoding Standard), so the wasm carries no charset tables.

use crate::core::{Limits, Report, analyze_text};

/// [`crate::core::encoded_word::CharsetDecoder`] on `TextDecoder`: `None` for a label the
/// browser does not know (the core then reads the bytes as UTF-8).
pub fn decode(charset: &str, bytes: &[u8]) -> Option<String> {
    web_sys::TextDecoder::new_with_label(charset)
        .ok()?
        .decode_with_u8_array(bytes)
        .ok()
}

/// [`crate::core::analyze_text`] of the paste box, with the browser's charsets.
pub fn analyze(text: &str) -> Report {
    analyze_text(text, &Limits::DEFAULT, decode)
}
