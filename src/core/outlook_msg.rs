//! Outlook .msg (a CFB "compound file", [MS-CFB]): read the transport-headers property.
//!
//! [MS-OXMSG] stores each property of the message in a stream of the root storage named
//! `__substg1.0_` + 4 hex digits of the property id + 4 of its type. The Internet headers are
//! PR_TRANSPORT_MESSAGE_HEADERS, property `0x007D`, written either as `PT_UNICODE` (`001F`,
//! UTF-16LE) or as `PT_STRING8` (`001E`, 8-bit in the message's code page). Attachments and
//! embedded messages have their own storages below the root; only the root's stream is the
//! message's own header block.

use std::io::{Cursor, Read};

/// The compound-file signature every .msg starts with.
pub const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// PR_TRANSPORT_MESSAGE_HEADERS as PT_UNICODE (UTF-16LE).
pub const HEADERS_UNICODE: &str = "/__substg1.0_007D001F";
/// PR_TRANSPORT_MESSAGE_HEADERS as PT_STRING8 (8-bit).
pub const HEADERS_STRING8: &str = "/__substg1.0_007D001E";

/// Longest header stream read (bytes). Real header blocks are a few KiB; a hostile file cannot
/// make us allocate more than this.
pub const MAX_HEADER_STREAM: u64 = 4 * 1024 * 1024;

/// Is `bytes` a compound file (the container of an Outlook .msg)?
pub fn is_compound_file(bytes: &[u8]) -> bool {
    bytes.starts_with(&CFB_MAGIC)
}

/// The message's Internet headers (PR_TRANSPORT_MESSAGE_HEADERS) when `bytes` is an Outlook .msg.
/// `None` when it is not a .msg or has no such property. Total: never panics.
pub fn transport_headers(bytes: &[u8]) -> Option<String> {
    if !is_compound_file(bytes) {
        return None;
    }
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    if let Some(raw) = read_stream(&mut file, HEADERS_UNICODE) {
        let units: Vec<u16> = raw
            .chunks_exact(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .collect();
        let text = String::from_utf16_lossy(&units);
        return Some(text.trim_end_matches('\0').to_string());
    }
    let raw = read_stream(&mut file, HEADERS_STRING8)?;
    // The code page is another property; headers are ASCII by RFC 5322 and anything else is
    // decoded as UTF-8 with replacement characters (never an error).
    Some(
        String::from_utf8_lossy(&raw)
            .trim_end_matches('\0')
            .to_string(),
    )
}

fn read_stream(file: &mut cfb::CompoundFile<Cursor<&[u8]>>, path: &str) -> Option<Vec<u8>> {
    if !file.is_stream(path) {
        return None;
    }
    let stream = file.open_stream(path).ok()?;
    let mut raw = Vec::new();
    stream.take(MAX_HEADER_STREAM).read_to_end(&mut raw).ok()?;
    Some(raw)
}

/// Build a minimal .msg holding `headers` as PR_TRANSPORT_MESSAGE_HEADERS (UTF-16LE when
/// `unicode`, else 8-bit). Used by tests and to write the UI's sample .msg fixture.
pub fn build_msg(headers: &str, unicode: bool) -> Vec<u8> {
    use std::io::Write;
    let mut file = match cfb::CompoundFile::create(Cursor::new(Vec::new())) {
        Ok(f) => f,
        Err(_) => return Vec::new(),
    };
    let (path, body): (&str, Vec<u8>) = if unicode {
        (
            HEADERS_UNICODE,
            headers
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes())
                .collect(),
        )
    } else {
        (HEADERS_STRING8, headers.as_bytes().to_vec())
    };
    // A subject stream too, so the reader must pick the right one.
    let subject: Vec<u8> = "Sample"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let written = file
        .create_stream("/__substg1.0_0037001F")
        .and_then(|mut s| s.write_all(&subject))
        .and_then(|_| file.create_stream(path))
        .and_then(|mut s| s.write_all(&body))
        .and_then(|_| file.flush());
    if written.is_err() {
        return Vec::new();
    }
    file.into_inner().into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADERS: &str = "Received: from a.example (a.example [192.0.2.1])\r\n\tby b.example with ESMTPS id 1;\r\n\tMon, 1 Jan 2024 00:00:00 +0000\r\nSubject: h\u{e9}llo\r\n\r\n";

    /// What reading each input must give.
    fn cases() -> Vec<(&'static str, Vec<u8>, Option<String>)> {
        let unicode = build_msg(HEADERS, true);
        let string8 = build_msg(
            "Received: by x.example; Mon, 1 Jan 2024 00:00:00 +0000\r\n",
            false,
        );
        let mut truncated = unicode.clone();
        truncated.truncate(700);
        let mut corrupted = unicode.clone();
        for b in corrupted.iter_mut().skip(76).take(60) {
            *b = 0xFF;
        }
        let no_headers = {
            use std::io::Write;
            let mut f = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
            f.create_stream("/__substg1.0_0037001F")
                .unwrap()
                .write_all(b"x\0")
                .unwrap();
            f.flush().unwrap();
            f.into_inner().into_inner()
        };
        vec![
            ("unicode property", unicode, Some(HEADERS.to_string())),
            (
                "8-bit property",
                string8,
                Some("Received: by x.example; Mon, 1 Jan 2024 00:00:00 +0000\r\n".into()),
            ),
            ("compound file without the property", no_headers, None),
            ("plain text", HEADERS.as_bytes().to_vec(), None),
            ("empty", Vec::new(), None),
            ("magic only", CFB_MAGIC.to_vec(), None),
            ("truncated file", truncated, None),
            ("corrupted header sectors", corrupted, None),
        ]
    }

    #[test]
    fn reads_the_transport_headers_property() {
        for (name, bytes, want) in cases() {
            assert_eq!(transport_headers(&bytes), want, "{name}");
        }
    }

    #[test]
    fn garbage_after_the_magic_never_panics() {
        // A cheap deterministic generator: many shapes of hostile compound files.
        let base = build_msg(HEADERS, true);
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for round in 0..300 {
            let mut bytes = base.clone();
            for _ in 0..(1 + round % 16) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let at = (seed as usize) % bytes.len();
                bytes[at] = (seed >> 32) as u8;
            }
            bytes[..8].copy_from_slice(&CFB_MAGIC);
            let _ = transport_headers(&bytes);
        }
    }

    /// The UI's drop/e2e fixture is a real compound file built from a corpus message.
    #[test]
    fn ui_fixture_msg_matches_its_source() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/ui");
        let source = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus/messages/seed-luxsci-hotmail-proofpoint.txt"
        ))
        .unwrap();
        let path = format!("{dir}/luxsci-outlook.msg");
        if std::env::var_os("HOPLOCK_WRITE_FIXTURES").is_some() {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(&path, build_msg(&source, true)).unwrap();
        }
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(transport_headers(&bytes).as_deref(), Some(source.as_str()));
    }
}
