//! The JSON of the "download JSON" export, without `serde_json` in the web bundle.
//!
//! A minimal [`serde::Serializer`] turns the report (through its derived `Serialize`, so fields
//! added later are exported too) into a small value tree; [`to_string_pretty`] writes it the
//! way `serde_json::to_string_pretty` writes a `serde_json::Value`: object keys in byte order
//! (a `Value` object is a sorted map; a key given twice keeps its last value), two-space indent,
//! `"key": value`, `[]`/`{}` when empty, and serde_json's string escapes. The command line keeps
//! `serde_json`; `export.rs` tests that both give the same bytes for every report we have.
//!
//! Floating-point numbers are not part of the report and are refused (the export then writes
//! `null`, as the serde_json path did on any serialisation error); so no float formatting is
//! linked into the bundle.

use std::fmt;

use serde::ser::{self, Serialize};

/// A JSON value, as the report exports it.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    String(String),
    Array(Vec<Json>),
    /// Entries in key order, each key once (see [`to_tree`]).
    Object(Vec<(String, Json)>),
}

/// What the tree serializer cannot represent (floats, 128-bit integers, non-string map keys).
#[derive(Debug)]
pub struct Unsupported;

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("value not representable in the report's JSON")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unsupported
    }
}

/// The value tree of anything serialisable, shaped as `serde_json::to_value` shapes it.
pub fn to_tree<T: Serialize + ?Sized>(value: &T) -> Result<Json, Unsupported> {
    value.serialize(Tree)
}

/// Pretty JSON text of a tree, byte for byte as `serde_json::to_string_pretty` of the same
/// `serde_json::Value`.
pub fn to_string_pretty(value: &Json) -> String {
    let mut out = String::new();
    write_value(value, 0, &mut out);
    out
}

fn write_value(value: &Json, depth: usize, out: &mut String) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Int(n) => out.push_str(&n.to_string()),
        Json::UInt(n) => out.push_str(&n.to_string()),
        Json::String(s) => write_string(s, out),
        Json::Array(items) => {
            write_items(items.iter(), ('[', ']'), depth, out, |item, out| {
                write_value(item, depth + 1, out)
            });
        }
        Json::Object(entries) => {
            write_items(
                entries.iter(),
                ('{', '}'),
                depth,
                out,
                |(key, item), out| {
                    write_string(key, out);
                    out.push_str(": ");
                    write_value(item, depth + 1, out);
                },
            );
        }
    }
}

/// `[`, then each item on its own line one level deeper, then `]` on the parent's level;
/// `[]` when there are none.
fn write_items<I: ExactSizeIterator>(
    items: I,
    (open, close): (char, char),
    depth: usize,
    out: &mut String,
    mut write_item: impl FnMut(I::Item, &mut String),
) {
    out.push(open);
    let empty = items.len() == 0;
    for (i, item) in items.enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        indent(depth + 1, out);
        write_item(item, out);
    }
    if !empty {
        out.push('\n');
        indent(depth, out);
    }
    out.push(close);
}

fn indent(depth: usize, out: &mut String) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// A JSON string with serde_json's escapes: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other
/// control characters as `\u00xx`; everything else (DEL and non-ASCII too) as it is.
fn write_string(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut plain = 0;
    for (at, byte) in s.bytes().enumerate() {
        let escape: &str = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x00..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[plain..at]);
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(HEX[usize::from(byte >> 4)] as char);
            out.push(HEX[usize::from(byte & 0xf)] as char);
        } else {
            out.push_str(escape);
        }
        plain = at + 1;
    }
    out.push_str(&s[plain..]);
    out.push('"');
}

/// The object of these entries as `serde_json::Value` holds it: sorted by key, a repeated key
/// keeping its last value. Each entry is put in its place by binary search (objects are struct
/// fields, a few dozen at most): see ARCHITECTURE.md, "Why hand-written".
fn object(entries: Vec<(String, Json)>) -> Json {
    let mut sorted: Vec<(String, Json)> = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        match sorted.binary_search_by(|(k, _)| k.as_str().cmp(&key)) {
            Ok(at) => sorted[at].1 = value,
            Err(at) => sorted.insert(at, (key, value)),
        }
    }
    Json::Object(sorted)
}

struct Tree;

/// A string value. Not inlined: the derived `Serialize` code calls this once per string field.
#[inline(never)]
fn string(v: &str) -> Json {
    Json::String(v.to_string())
}

/// Elements of a sequence (tuple variants keep their variant name).
struct Seq(Vec<Json>, Option<&'static str>);

/// Entries of a map or struct (struct variants keep their variant name).
struct Map {
    entries: Vec<(String, Json)>,
    key: Option<String>,
    variant: Option<&'static str>,
}

impl Map {
    fn new(variant: Option<&'static str>) -> Self {
        Map {
            entries: Vec::new(),
            key: None,
            variant,
        }
    }

    /// One named field. Not generic and not inlined: the derived code of every struct calls it
    /// once per field.
    #[inline(never)]
    fn field(
        &mut self,
        name: &'static str,
        value: Result<Json, Unsupported>,
    ) -> Result<(), Unsupported> {
        self.entries.push((name.to_string(), value?));
        Ok(())
    }

    /// One map entry. Not generic and not inlined, like [`Map::field`].
    #[inline(never)]
    fn entry(
        &mut self,
        key: Result<String, Unsupported>,
        value: Result<Json, Unsupported>,
    ) -> Result<(), Unsupported> {
        self.entries.push((key?, value?));
        Ok(())
    }

    fn finish(self) -> Json {
        let value = object(self.entries);
        match self.variant {
            Some(variant) => Json::Object(vec![(variant.to_string(), value)]),
            None => value,
        }
    }
}

impl Seq {
    /// One element. Not generic and not inlined, like [`Map::field`].
    #[inline(never)]
    fn push(&mut self, value: Result<Json, Unsupported>) -> Result<(), Unsupported> {
        self.0.push(value?);
        Ok(())
    }

    fn finish(self) -> Json {
        match self.1 {
            Some(variant) => Json::Object(vec![(variant.to_string(), Json::Array(self.0))]),
            None => Json::Array(self.0),
        }
    }
}

/// A map key as serde_json accepts it: a string, or a number or bool written as a string.
fn key<T: Serialize + ?Sized>(key: &T) -> Result<String, Unsupported> {
    match key.serialize(Tree)? {
        Json::String(s) => Ok(s),
        Json::Int(n) => Ok(n.to_string()),
        Json::UInt(n) => Ok(n.to_string()),
        Json::Bool(b) => Ok(b.to_string()),
        _ => Err(Unsupported),
    }
}

/// The integer methods of [`Tree`]: each widens to the `i64`/`u64` of its [`Json`] variant.
macro_rules! integers {
    ($($variant:ident: $($method:ident($ty:ty)),+;)+) => {
        $($(
            fn $method(self, v: $ty) -> Result<Json, Unsupported> {
                Ok(Json::$variant(v.into()))
            }
        )+)+
    };
}

impl ser::Serializer for Tree {
    type Ok = Json;
    type Error = Unsupported;
    type SerializeSeq = Seq;
    type SerializeTuple = Seq;
    type SerializeTupleStruct = Seq;
    type SerializeTupleVariant = Seq;
    type SerializeMap = Map;
    type SerializeStruct = Map;
    type SerializeStructVariant = Map;

    fn serialize_bool(self, v: bool) -> Result<Json, Unsupported> {
        Ok(Json::Bool(v))
    }
    integers! {
        Int: serialize_i8(i8), serialize_i16(i16), serialize_i32(i32), serialize_i64(i64);
        UInt: serialize_u8(u8), serialize_u16(u16), serialize_u32(u32), serialize_u64(u64);
    }
    fn serialize_f32(self, _: f32) -> Result<Json, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_f64(self, _: f64) -> Result<Json, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_char(self, v: char) -> Result<Json, Unsupported> {
        Ok(string(v.encode_utf8(&mut [0; 4])))
    }
    fn serialize_str(self, v: &str) -> Result<Json, Unsupported> {
        Ok(string(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Json, Unsupported> {
        Ok(Json::Array(
            v.iter().map(|b| Json::UInt(u64::from(*b))).collect(),
        ))
    }
    fn serialize_none(self) -> Result<Json, Unsupported> {
        Ok(Json::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Json, Unsupported> {
        value.serialize(Tree)
    }
    fn serialize_unit(self) -> Result<Json, Unsupported> {
        Ok(Json::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Json, Unsupported> {
        Ok(Json::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Json, Unsupported> {
        Ok(Json::String(variant.to_string()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Json, Unsupported> {
        value.serialize(Tree)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Json, Unsupported> {
        Ok(Json::Object(vec![(
            variant.to_string(),
            value.serialize(Tree)?,
        )]))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq, Unsupported> {
        Ok(Seq(Vec::with_capacity(len.unwrap_or(0)), None))
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Seq, Unsupported> {
        Ok(Seq(Vec::with_capacity(len), Some(variant)))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Map, Unsupported> {
        Ok(Map::new(None))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Map, Unsupported> {
        Ok(Map::new(None))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Map, Unsupported> {
        Ok(Map::new(Some(variant)))
    }
}

/// The four sequence traits differ only in their method's name: each pushes the element.
macro_rules! sequence {
    ($($trait:ident::$method:ident),*) => {$(
        impl ser::$trait for Seq {
            type Ok = Json;
            type Error = Unsupported;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
                self.push(value.serialize(Tree))
            }
            fn end(self) -> Result<Json, Unsupported> {
                Ok(self.finish())
            }
        }
    )*};
}

sequence!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Map {
    type Ok = Json;
    type Error = Unsupported;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), Unsupported> {
        self.key = Some(key(k)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        let k = self.key.take().ok_or(Unsupported)?;
        self.entries.push((k, value.serialize(Tree)?));
        Ok(())
    }
    /// Key and value at once (how flattened struct fields arrive): the pair is stored by one
    /// non-generic function instead of the default's generic key and value steps per field type.
    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(
        &mut self,
        k: &K,
        value: &V,
    ) -> Result<(), Unsupported> {
        self.entry(key(k), value.serialize(Tree))
    }
    fn end(self) -> Result<Json, Unsupported> {
        Ok(self.finish())
    }
}

/// Struct fields and struct-variant fields are map entries named by the field.
macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Map {
            type Ok = Json;
            type Error = Unsupported;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                name: &'static str,
                value: &T,
            ) -> Result<(), Unsupported> {
                self.field(name, value.serialize(Tree))
            }
            fn end(self) -> Result<Json, Unsupported> {
                Ok(self.finish())
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    /// Values serde_json writes in a particular way, each written by both.
    #[test]
    fn writes_as_serde_json_writes() {
        #[derive(Serialize)]
        enum Shape {
            Unit,
            Newtype(u8),
            Tuple(u8, bool),
            Struct { b: i64, a: Option<char> },
        }
        #[derive(Serialize)]
        struct Inner {
            z: u32,
            a: &'static str,
        }
        #[derive(Serialize)]
        struct Sample {
            text: &'static str,
            empty_list: Vec<u8>,
            empty_map: std::collections::BTreeMap<String, u8>,
            numbers: (i8, i64, u64),
            shapes: Vec<Shape>,
            #[serde(flatten)]
            inner: Inner,
            map: std::collections::BTreeMap<u16, Vec<Option<bool>>>,
            nested: Vec<Vec<u8>>,
        }
        let sample = Sample {
            text: "quote \" backslash \\ controls \u{8}\u{c}\n\r\t\u{1}\u{1f} del \u{7f} é 中 </",
            empty_list: vec![],
            empty_map: Default::default(),
            numbers: (-128, i64::MIN, u64::MAX),
            shapes: vec![
                Shape::Unit,
                Shape::Newtype(7),
                Shape::Tuple(1, false),
                Shape::Struct {
                    b: -1,
                    a: Some('x'),
                },
            ],
            inner: Inner {
                z: 0,
                a: "flattened",
            },
            map: [(10, vec![None, Some(true)]), (2, vec![])].into(),
            nested: vec![vec![], vec![1]],
        };
        let ours = to_string_pretty(&to_tree(&sample).unwrap());
        let theirs = serde_json::to_string_pretty(&serde_json::to_value(&sample).unwrap()).unwrap();
        assert_eq!(ours, theirs);
        assert!(to_tree(&1.5f64).is_err(), "floats are refused");
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value() {
        let entries = vec![
            ("b".to_string(), Json::UInt(1)),
            ("a".to_string(), Json::UInt(2)),
            ("b".to_string(), Json::UInt(3)),
        ];
        assert_eq!(
            object(entries),
            Json::Object(vec![
                ("a".to_string(), Json::UInt(2)),
                ("b".to_string(), Json::UInt(3)),
            ])
        );
    }
}
