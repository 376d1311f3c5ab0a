//! Outlook .msg (a CFB "compound file", [MS-CFB]): read the transport-headers property.
//!
//! [MS-OXMSG] stores each property of the message in a stream of the root storage named
//! `__substg1.0_` + 4 hex digits of the property id + 4 of its type. The Internet headers are
//! PR_TRANSPORT_MESSAGE_HEADERS, property `0x007D`, written either as `PT_UNICODE` (`001F`,
//! UTF-16LE) or as `PT_STRING8` (`001E`, 8-bit in the message's code page). Attachments and
//! embedded messages have their own storages below the root; only the root's stream is the
//! message's own header block.

use std::io::Cursor;

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
    let file = Compound::open(bytes)?;
    if let Some(raw) = file.root_stream(&HEADERS_UNICODE[1..]) {
        let units: Vec<u16> = raw
            .chunks_exact(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .collect();
        let text = String::from_utf16_lossy(&units);
        return Some(text.trim_end_matches('\0').to_string());
    }
    let raw = file.root_stream(&HEADERS_STRING8[1..])?;
    // The code page is another property; headers are ASCII by RFC 5322 and anything else is
    // decoded as UTF-8 with replacement characters (never an error).
    Some(
        String::from_utf8_lossy(&raw)
            .trim_end_matches('\0')
            .to_string(),
    )
}

/// Sector numbers with a meaning of their own ([MS-CFB] 2.1).
const MAX_REGULAR: u32 = 0xFFFF_FFFA;
const INVALID_SECTOR: u32 = 0xFFFF_FFFB;
const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;
const FAT_SECTOR: u32 = 0xFFFF_FFFD;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const FREE_SECTOR: u32 = 0xFFFF_FFFF;
/// No sibling or child in the directory tree.
const NO_ENTRY: u32 = 0xFFFF_FFFF;
/// Streams shorter than this live in the mini stream, in 64-byte mini sectors.
const MINI_CUTOFF: u64 = 4096;
const DIR_ENTRY: usize = 128;

/// Just enough of a compound file ([MS-CFB]) to read one stream of the root storage: the
/// header, the FAT (through the DIFAT), the directory and the mini FAT, each checked as the
/// `cfb` crate checks them when it opens a file, so that every file reads as it did with `cfb`
/// (tested against it on built and mutated files). Read-only and bounds-checked on every
/// access: any byte string gives an answer or `None`. Why our own: `cfb` (a full read-write
/// implementation, with Unicode case mapping and `std::io`) was ~24 KB gzip of the web bundle.
struct Compound<'a> {
    bytes: &'a [u8],
    /// Sector size as a shift: 9 (512 bytes, version 3) or 12 (4096 bytes, version 4).
    shift: u32,
    fat: Vec<u32>,
    directory: Vec<u8>,
    minifat: Vec<u32>,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
}

/// An entry's name as UTF-16 units (`None` when the length field is impossible).
fn name_units(entry: &[u8]) -> Option<Vec<u16>> {
    let len = u16_at(entry, 0x40)?;
    if len > 64 || !len.is_multiple_of(2) {
        return None;
    }
    let units = usize::from(len / 2).saturating_sub(1);
    (0..units).map(|k| u16_at(entry, 2 * k)).collect()
}

/// The name compared by the directory's order: the root entry's is always `Root Entry`.
fn entry_name(entry: &[u8]) -> Vec<u16> {
    if entry[0x42] == 5 {
        return "Root Entry".encode_utf16().collect();
    }
    name_units(entry).unwrap_or_default()
}

/// The directory's order ([MS-CFB] 2.6.4): shorter names first, then by upper-cased units
/// (ASCII letters only; other characters compare as written).
fn compare_names(a: &[u16], b: &[u16]) -> std::cmp::Ordering {
    let upper = |u: &u16| {
        if (0x61..=0x7A).contains(u) {
            u - 0x20
        } else {
            *u
        }
    };
    a.len()
        .cmp(&b.len())
        .then_with(|| a.iter().map(upper).cmp(b.iter().map(upper)))
}

impl<'a> Compound<'a> {
    /// Header: magic, byte order `FFFE`, version 3 with 512-byte or 4 with 4096-byte sectors,
    /// 64-byte mini sectors; then the FAT sectors named by the header's 109 DIFAT entries and the
    /// DIFAT chain, then the directory chain.
    fn open(bytes: &'a [u8]) -> Option<Self> {
        if !is_compound_file(bytes) || bytes.len() < 512 || u16_at(bytes, 0x1C)? != 0xFFFE {
            return None;
        }
        let shift = match (u16_at(bytes, 0x1A)?, u16_at(bytes, 0x1E)?) {
            (3, 9) => 9,
            (4, 12) => 12,
            _ => return None,
        };
        if u16_at(bytes, 0x20)? != 6 || u32_at(bytes, 0x38)? != 4096 || bytes.len() < 1 << shift {
            return None;
        }
        let mut file = Compound {
            bytes,
            shift,
            fat: Vec::new(),
            directory: Vec::new(),
            minifat: Vec::new(),
        };
        // The FAT's sectors: up to 109 in the header (the list ends at its first free entry),
        // more in the DIFAT chain.
        let mut difat: Vec<u32> = u32s(&bytes[0x4C..0x200])
            .take_while(|&k| k != FREE_SECTOR)
            .collect();
        if difat.iter().any(|&k| k > MAX_REGULAR) {
            return None;
        }
        difat.resize(109, FREE_SECTOR);
        let mut difat_sectors = Vec::new();
        let mut seen = vec![false; file.num_sectors()];
        let mut next = u32_at(bytes, 0x44)?;
        while next != END_OF_CHAIN && next != FREE_SECTOR {
            if std::mem::replace(seen.get_mut(usize::try_from(next).ok()?)?, true) {
                return None;
            }
            difat_sectors.push(next);
            let sector = file.sector(next)?;
            let (entries, link) = sector.split_at(sector.len() - 4);
            for k in u32s(entries) {
                if k != FREE_SECTOR && k > MAX_REGULAR {
                    return None;
                }
                difat.push(k);
            }
            next = u32_at(link, 0)?;
        }
        let num_fat = usize::try_from(u32_at(bytes, 0x2C)?).ok()?;
        while difat.len() > 109 && difat.len() > num_fat && difat.last() == Some(&0) {
            difat.pop();
        }
        while difat.last() == Some(&FREE_SECTOR) {
            difat.pop();
        }
        for &k in &difat {
            file.fat.extend(u32s(file.sector(k)?));
        }
        // Entries past the end of the file are padding when they are free, zero or markers.
        let sectors = file.num_sectors();
        while file.fat.len() > sectors
            && matches!(
                file.fat.last(),
                Some(&(0 | DIFAT_SECTOR | FAT_SECTOR | FREE_SECTOR))
            )
        {
            file.fat.pop();
        }
        if file.fat.len() > sectors {
            return None;
        }
        file.fat.resize(sectors, FREE_SECTOR);
        for (ids, mark) in [(&difat_sectors, DIFAT_SECTOR), (&difat, FAT_SECTOR)] {
            for &k in ids {
                *file.fat.get_mut(usize::try_from(k).ok()?)? = mark;
            }
        }
        // No sector is pointed to twice; a link past the end ends its chain there.
        let mut pointed = vec![false; file.fat.len()];
        for k in 0..file.fat.len() {
            let to = file.fat[k];
            if to <= MAX_REGULAR {
                let Some(seen) = pointed.get_mut(to as usize) else {
                    file.fat[k] = END_OF_CHAIN;
                    continue;
                };
                if *seen {
                    return None;
                }
                *seen = true;
            } else if to == INVALID_SECTOR {
                return None;
            }
        }
        file.directory = file.chain(u32_at(bytes, 0x30)?, usize::MAX)?;
        if file.directory.is_empty() || !file.valid_directory() {
            return None;
        }
        let minifat: Vec<u32> = u32s(&file.chain(u32_at(bytes, 0x3C)?, usize::MAX)?).collect();
        file.minifat = minifat;
        while file.minifat.last() == Some(&FREE_SECTOR) {
            file.minifat.pop();
        }
        // The mini FAT covers the mini stream at most; links stay inside it, none twice.
        let mini_sectors = file.stream_len(file.entry(0)?) / 64;
        file.minifat
            .truncate(usize::try_from(mini_sectors).unwrap_or(usize::MAX));
        let mut pointed = vec![false; file.minifat.len()];
        for &to in &file.minifat {
            if to <= MAX_REGULAR {
                let seen = pointed.get_mut(to as usize)?;
                if *seen {
                    return None;
                }
                *seen = true;
            }
        }
        Some(file)
    }

    /// A stream entry's length (version 3 files keep only the low 32 bits).
    fn stream_len(&self, entry: &[u8]) -> u64 {
        let len = u64::from_le_bytes(entry[0x78..0x80].try_into().unwrap_or_default());
        if self.shift == 9 {
            len & 0xFFFF_FFFF
        } else {
            len
        }
    }

    /// Every entry well-formed (name, type, colour, links), and the tree below the root entry
    /// free of loops, in range, and ordered.
    fn valid_directory(&self) -> bool {
        let count = self.directory.len() / DIR_ENTRY;
        let entries = || (0..count).filter_map(|id| self.entry(id as u32));
        let link_ok = |l: u32| l == NO_ENTRY || l <= MAX_REGULAR;
        for entry in entries() {
            let kind = entry[0x42];
            let Some(name) = name_units(entry) else {
                return false;
            };
            let child = u32_at(entry, 0x4C).unwrap_or(0);
            if char::decode_utf16(name.iter().copied()).any(|c| c.is_err())
                || !matches!(kind, 0 | 1 | 2 | 5)
                || (kind != 5 && name.iter().any(|&u| matches!(u, 0x2F | 0x5C | 0x3A | 0x21)))
                || entry[0x43] > 1
                || !link_ok(u32_at(entry, 0x44).unwrap_or(0))
                || !link_ok(u32_at(entry, 0x48).unwrap_or(0))
                || (child != NO_ENTRY && (kind == 2 || child > MAX_REGULAR))
            {
                return false;
            }
        }
        let Some(root) = self.entry(0) else {
            return false;
        };
        if !self.stream_len(root).is_multiple_of(64) {
            return false;
        }
        let mut visited = vec![false; count];
        let mut stack = vec![0u32];
        while let Some(id) = stack.pop() {
            let Some(entry) = self.entry(id) else {
                return false;
            };
            if std::mem::replace(&mut visited[id as usize], true)
                || (id == 0) != (entry[0x42] == 5)
                || !matches!(entry[0x42], 1 | 2 | 5)
            {
                return false;
            }
            let link = |at| u32_at(entry, at).unwrap_or(NO_ENTRY);
            for (at, left_side) in [(0x44, true), (0x48, false)] {
                let sibling = link(at);
                if sibling == NO_ENTRY {
                    continue;
                }
                let Some(other) = self.entry(sibling) else {
                    return false;
                };
                let (lo, hi) = if left_side {
                    (other, entry)
                } else {
                    (entry, other)
                };
                if compare_names(&entry_name(lo), &entry_name(hi)) != std::cmp::Ordering::Less {
                    return false;
                }
                stack.push(sibling);
            }
            let child = link(0x4C);
            if child != NO_ENTRY {
                if child as usize >= count {
                    return false;
                }
                stack.push(child);
            }
        }
        true
    }

    /// Sectors after the header (a last partial sector counts).
    fn num_sectors(&self) -> usize {
        (self.bytes.len() - 1) >> self.shift
    }

    /// Sector `k`, whole (`None` when it is not entirely inside the file).
    fn sector(&self, k: u32) -> Option<&'a [u8]> {
        let len = 1usize << self.shift;
        let start = usize::try_from(k).ok()?.checked_add(1)?.checked_mul(len)?;
        self.bytes.get(start..start.checked_add(len)?)
    }

    /// The first `limit` bytes of the sector chain from `start` (all of it for `usize::MAX`);
    /// `None` when the chain leaves the FAT or the file, or loops.
    fn chain(&self, mut k: u32, limit: usize) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut steps = 0;
        while k != END_OF_CHAIN && out.len() < limit {
            steps += 1;
            if steps > self.fat.len() {
                return None;
            }
            out.extend_from_slice(self.sector(k)?);
            k = *self.fat.get(usize::try_from(k).ok()?)?;
        }
        out.truncate(limit);
        Some(out)
    }

    /// Directory entry `id`: its 128 bytes.
    fn entry(&self, id: u32) -> Option<&[u8]> {
        let at = usize::try_from(id).ok()?.checked_mul(DIR_ENTRY)?;
        self.directory.get(at..at + DIR_ENTRY)
    }

    /// The stream `name` directly in the root storage, its first [`MAX_HEADER_STREAM`] bytes.
    /// Siblings form a search tree ordered by name length, then by upper-cased name.
    fn root_stream(&self, name: &str) -> Option<Vec<u8>> {
        let root = self.entry(0)?;
        let wanted: Vec<u16> = name.encode_utf16().collect();
        let mut id = u32_at(root, 0x4C)?;
        let mut steps = 0;
        let entry = loop {
            steps += 1;
            if id == NO_ENTRY || steps > self.directory.len() / DIR_ENTRY {
                return None;
            }
            let entry = self.entry(id)?;
            let order = compare_names(&wanted, &entry_name(entry));
            id = match order {
                std::cmp::Ordering::Equal => break entry,
                std::cmp::Ordering::Less => u32_at(entry, 0x44)?,
                std::cmp::Ordering::Greater => u32_at(entry, 0x48)?,
            };
        };
        // Object type 2: a stream (not a storage).
        if entry[0x42] != 2 {
            return None;
        }
        let size = self.stream_len(entry);
        let want = usize::try_from(size.min(MAX_HEADER_STREAM)).ok()?;
        let start = u32_at(entry, 0x74)?;
        let data = if size < MINI_CUTOFF {
            // Mini sectors, chained by the mini FAT, live in the root entry's stream (read only
            // as far as needed).
            let root_start = u32_at(root, 0x74)?;
            let mut mini = Vec::new();
            let mut out = Vec::with_capacity(want);
            let mut k = start;
            while out.len() < want {
                if out.len() > self.minifat.len() * 64 {
                    return None;
                }
                let from = usize::try_from(k).ok()?.checked_mul(64)?;
                let to = from.checked_add(64)?;
                if mini.len() < to {
                    mini = self.chain(root_start, to)?;
                }
                out.extend_from_slice(mini.get(from..to)?);
                if out.len() < want {
                    k = *self.minifat.get(usize::try_from(k).ok()?)?;
                }
            }
            out.truncate(want);
            out
        } else {
            self.chain(start, want)?
        };
        (data.len() == want).then_some(data)
    }
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
    fn garbage_after_the_magic_never_panics_and_reads_as_cfb_reads() {
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
            assert_eq!(
                transport_headers(&bytes),
                read_by_cfb(&bytes),
                "round {round}"
            );
        }
    }

    /// What the `cfb` crate (the reader before ours) reads from the same bytes.
    fn read_by_cfb(bytes: &[u8]) -> Option<String> {
        use std::io::Read;
        let read = |file: &mut cfb::CompoundFile<Cursor<&[u8]>>, path: &str| {
            if !file.is_stream(path) {
                return None;
            }
            let mut raw = Vec::new();
            let stream = file.open_stream(path).ok()?;
            stream.take(MAX_HEADER_STREAM).read_to_end(&mut raw).ok()?;
            Some(raw)
        };
        if !is_compound_file(bytes) {
            return None;
        }
        let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
        if let Some(raw) = read(&mut file, HEADERS_UNICODE) {
            let units: Vec<u16> = raw
                .chunks_exact(2)
                .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
                .collect();
            return Some(
                String::from_utf16_lossy(&units)
                    .trim_end_matches('\0')
                    .to_string(),
            );
        }
        let raw = read(&mut file, HEADERS_STRING8)?;
        Some(
            String::from_utf8_lossy(&raw)
                .trim_end_matches('\0')
                .to_string(),
        )
    }

    /// A compound file of either version with the headers property and `others` more streams
    /// around it (a deeper directory tree), each `other_len` bytes long.
    fn compound(
        version: cfb::Version,
        headers: &str,
        unicode: bool,
        others: usize,
        other_len: usize,
    ) -> Vec<u8> {
        use std::io::Write;
        let mut f =
            cfb::CompoundFile::create_with_version(version, Cursor::new(Vec::new())).unwrap();
        for k in 0..others {
            let filler = vec![k as u8; other_len];
            f.create_stream(format!("/__substg1.0_{:04X}001F", k * 7919 % 65536))
                .unwrap()
                .write_all(&filler)
                .unwrap();
        }
        f.create_storage("/__attach_version1.0_#00000000").unwrap();
        f.create_stream("/__attach_version1.0_#00000000/__substg1.0_007D001F")
            .unwrap()
            .write_all(b"n\0o\0t\0 \0t\0h\0i\0s\0")
            .unwrap();
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
        f.create_stream(path).unwrap().write_all(&body).unwrap();
        f.flush().unwrap();
        f.into_inner().into_inner()
    }

    /// Our reader gives what `cfb` gives: on files of both versions, with headers in the mini
    /// stream and in regular sectors, many sibling streams, a DIFAT beyond the header's 109
    /// entries, a stream past the size cap, and on mutations of each.
    #[test]
    fn reads_what_cfb_reads() {
        let line = "Received: from a.example (a.example [192.0.2.1]) by b.example with ESMTPS id 1; Mon, 1 Jan 2024 00:00:00 +0000\r\n";
        let mut files = Vec::new();
        for version in [cfb::Version::V3, cfb::Version::V4] {
            for (lines, unicode, others, other_len) in [
                (0, true, 0, 0),
                (1, true, 0, 0),
                (1, false, 3, 10),
                (30, true, 40, 100),
                (30, false, 40, 5000),
                (200, true, 5, 70_000),
            ] {
                files.push(compound(
                    version,
                    &line.repeat(lines),
                    unicode,
                    others,
                    other_len,
                ));
            }
        }
        // More FAT sectors than the header's DIFAT holds (version 3: > 109 × 128 sectors).
        files.push(compound(
            cfb::Version::V3,
            &line.repeat(40_000),
            false,
            1,
            4_000_000,
        ));
        let mut agreed_on_text = 0;
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for base in &files {
            let want = read_by_cfb(base);
            assert!(want.is_some());
            assert_eq!(transport_headers(base), want);
            // Fewer rounds on the 4 MB file: each round reads it twice.
            let rounds = if base.len() > 1 << 20 { 20 } else { 200 };
            for round in 0..rounds {
                let mut bytes = base.clone();
                for _ in 0..(1 + round % 8) {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    // Mostly the structures (header, FAT, directory) near the start.
                    let span = if round % 2 == 0 {
                        bytes.len().min(4096 * 3)
                    } else {
                        bytes.len()
                    };
                    let at = (seed as usize) % span;
                    bytes[at] = (seed >> 32) as u8;
                }
                bytes[..8].copy_from_slice(&CFB_MAGIC);
                let want = read_by_cfb(&bytes);
                agreed_on_text += usize::from(want.is_some());
                assert_eq!(transport_headers(&bytes), want, "round {round}");
            }
        }
        assert!(
            agreed_on_text > 500,
            "mutations that still read: {agreed_on_text}"
        );
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
