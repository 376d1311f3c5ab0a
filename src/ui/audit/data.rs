//! What the engine worker reports about an audit, read from its messages: the digest
//! (`hoplock::audit::session::Digest`, sent as JSON) and the progress. Field names are the
//! digest's serde names; the e2e suite compares the page's totals with the command line's.

use wasm_bindgen::JsValue;

use crate::ui::browser::get;

fn num(v: &JsValue, key: &str) -> u64 {
    get(v, key).as_f64().unwrap_or(0.0) as u64
}

fn text(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_default()
}

fn list<T>(v: &JsValue, key: &str, item: impl Fn(&JsValue) -> T) -> Vec<T> {
    let value = get(v, key);
    if !js_sys::Array::is_array(&value) {
        return Vec::new();
    }
    js_sys::Array::from(&value)
        .iter()
        .map(|v| item(&v))
        .collect()
}

fn mix(v: &JsValue, key: &str) -> [u64; 5] {
    let values = list(v, key, |n| n.as_f64().unwrap_or(0.0) as u64);
    std::array::from_fn(|i| values.get(i).copied().unwrap_or(0))
}

/// Messages by verdict: the three lines people act on (`unknown` is "not stated").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct Mix {
    pub encrypted: u64,
    pub not_encrypted: u64,
    pub unknown: u64,
}

impl Mix {
    fn of(v: &JsValue) -> Mix {
        Mix {
            encrypted: num(v, "encrypted"),
            not_encrypted: num(v, "not_encrypted"),
            unknown: num(v, "unknown"),
        }
    }

    pub fn total(self) -> u64 {
        self.encrypted + self.not_encrypted + self.unknown
    }
}

/// A line of the per-domain or per-organisation table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct Row {
    pub key: String,
    pub name: String,
    pub messages: u64,
    pub mix: Mix,
    /// Messages by the oldest TLS version of their hand-offs (SSL 3 … TLS 1.3).
    pub tls: [u64; 5],
    pub weak: u64,
    pub first_seen: String,
    pub last_seen: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Month {
    pub month: String,
    pub mix: Mix,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Regression {
    /// `domain` or `organisation`.
    pub group: String,
    pub key: String,
    pub name: String,
    pub text: String,
    pub month: String,
    pub input: Option<u32>,
    pub offset: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Problem {
    pub count: u64,
    pub text: String,
    pub first: String,
}

/// The audit so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Digest {
    pub messages: u64,
    pub mix: Mix,
    /// Messages with no Received header, and inputs that were not email.
    pub no_hops: u64,
    pub unreadable: u64,
    pub inputs: u64,
    pub tls: [u64; 5],
    pub weak: u64,
    pub domains: Vec<Row>,
    pub organisations: Vec<Row>,
    pub months: Vec<Month>,
    pub regressions: Vec<Regression>,
    pub problems: Vec<Problem>,
}

impl Digest {
    /// The digest in the engine's JSON (an empty one when it cannot be read).
    pub fn parse(json: &str) -> Digest {
        let Ok(v) = js_sys::JSON::parse(json) else {
            return Digest::default();
        };
        let row = |r: &JsValue| Row {
            key: text(r, "key"),
            name: text(r, "name"),
            messages: num(r, "messages"),
            mix: Mix::of(r),
            tls: mix(r, "tls"),
            weak: num(r, "weak"),
            first_seen: text(r, "first_seen"),
            last_seen: text(r, "last_seen"),
        };
        Digest {
            messages: num(&v, "messages"),
            mix: Mix::of(&v),
            no_hops: num(&v, "no_hops"),
            unreadable: num(&v, "unreadable"),
            inputs: num(&v, "inputs"),
            tls: mix(&v, "tls"),
            weak: num(&v, "weak"),
            domains: list(&v, "domains", row),
            organisations: list(&v, "organisations", row),
            months: list(&v, "months", |m| Month {
                month: text(m, "month"),
                mix: Mix::of(m),
            }),
            regressions: list(&v, "regressions", |r| Regression {
                group: text(r, "group"),
                key: text(r, "key"),
                name: text(r, "name"),
                text: text(r, "text"),
                month: text(r, "month"),
                input: get(r, "input").as_f64().map(|i| i as u32),
                offset: num(r, "offset"),
            }),
            problems: list(&v, "problems", |p| Problem {
                count: num(p, "count"),
                text: text(p, "text"),
                first: text(p, "first"),
            }),
        }
    }
}

/// How far the audit is.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Progress {
    /// File bytes read (compressed bytes for gzip) and in all.
    pub read: u64,
    pub total: u64,
    pub messages: u64,
    pub elapsed_ms: u64,
    pub file: String,
    pub finished: bool,
    pub cancelled: bool,
}

impl Progress {
    pub fn of(v: &JsValue) -> Progress {
        Progress {
            read: num(v, "read"),
            total: num(v, "total"),
            messages: num(v, "messages"),
            elapsed_ms: num(v, "elapsed"),
            file: text(v, "file"),
            finished: get(v, "final").is_truthy(),
            cancelled: get(v, "cancelled").is_truthy(),
        }
    }
}

/// A message of a domain or organisation, as listed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Listed {
    pub input: u32,
    pub offset: u64,
    pub file: String,
    pub date: String,
    /// `encrypted`, `not-encrypted`, `unknown`, `no-hops`, `unreadable`.
    pub class: String,
    pub hops: u64,
}

/// The engine's answer to `list`: some messages and how many there are.
pub(crate) fn parse_listing(json: &str) -> (Vec<Listed>, u64) {
    let Ok(v) = js_sys::JSON::parse(json) else {
        return (Vec::new(), 0);
    };
    let messages = list(&v, "messages", |m| Listed {
        input: num(m, "input") as u32,
        offset: num(m, "offset"),
        file: text(m, "file"),
        date: text(m, "date"),
        class: text(m, "class"),
        hops: num(m, "hops"),
    });
    (messages, num(&v, "total"))
}
