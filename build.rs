//! Compact copies of the core's two reviewed data files, for embedding (`OUT_DIR`).
//!
//! The files in `src/core/` stay the reviewed sources (comments, a source note per row); the
//! binary — above all the wasm bundle — only needs what changes an answer:
//!
//! * `providers.tsv`: rows without the comment block, host patterns trimmed and lower-cased, and
//!   the source note kept only for providers whose `tls_logging` is `records` (the only rows an
//!   inference cites in the report);
//! * `psl_icann.dat` → `psl_trie.txt`: the rules as one label tree written right to left, so
//!   `co.jp`, `ac.jp`, … share their `jp`, one line per top-level label, and sorted siblings
//!   share their common start (front coding: `jp{Aac,Bd,…}` is `ac.jp`, `ad.jp`, …; its gain:
//!   ARCHITECTURE.md, "Why hand-written"). Grammar: `file = top *("\n" top)`,
//!   `top = [flag] label [children]`, `children = "{" 1*item "}"`,
//!   `item = [flag] shared label [children]`; flag `!` = exception rule, `~` = no rule ends here
//!   (only a path to longer rules); `shared` is one letter, `A` + how many leading bytes (0–25)
//!   the label takes from its previous sibling's label before its own; labels hold no upper-case
//!   letter, flag or brace, so the next one ends a label. Lines and siblings sorted by bytes.
//!   Unicode labels (`公司.cn`) are written as IDNA A-labels
//!   (`xn--55qx5d.cn`, `src/core/punycode.rs`), the form of host names in Received headers; the
//!   runtime looks a Unicode host name up by its A-labels too.
//!
//! `src/core/providers.rs` tests that no answer changed against the full files.
//!
//! The TSV is thus read twice, on purpose: here at build time, to drop what the binary does not
//! need, and by `providers.rs` at run time, to index the compact form (once, on first use).
//! Generating Rust statics here instead would save only that one parse, and would need
//! `Provider`'s `Vec` fields to become `&'static` slices (a change to a public type).

use std::collections::BTreeMap;
use std::path::PathBuf;

#[path = "src/core/punycode.rs"]
mod punycode;

fn main() {
    for input in [
        "build.rs",
        "src/core/punycode.rs",
        "src/core/providers.tsv",
        "src/core/psl_icann.dat",
    ] {
        println!("cargo:rerun-if-changed={input}");
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let table = std::fs::read_to_string("src/core/providers.tsv").expect("providers.tsv");
    std::fs::write(out.join("providers.tsv"), compact_providers(&table)).expect("write");
    let psl = std::fs::read_to_string("src/core/psl_icann.dat").expect("psl_icann.dat");
    std::fs::write(out.join("psl_trie.txt"), psl_trie(&psl)).expect("write");
}

/// The provider rows without comments; see the module note. Rows that do not have seven columns
/// are copied as they are (the runtime skips them and the table's test reports them).
fn compact_providers(table: &str) -> String {
    let mut out = String::new();
    for line in table
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        if cols.len() != 7 {
            out.push_str(line);
        } else {
            let hosts = if cols[4] == "-" {
                "-".to_string()
            } else {
                cols[4]
                    .split(',')
                    .map(|h| h.trim().to_ascii_lowercase())
                    .filter(|h| !h.is_empty())
                    .collect::<Vec<_>>()
                    .join(",")
            };
            let networks = cols[5]
                .split(',')
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(",");
            let source = if cols[3] == "records" { cols[6] } else { "-" };
            let row = [
                cols[0], cols[1], cols[2], cols[3], &hosts, &networks, source,
            ];
            out.push_str(&row.join("\t"));
        }
        out.push('\n');
    }
    out
}

/// One node of the rule tree: does a rule end here (and is it an exception), and the labels below.
#[derive(Default)]
struct Node {
    /// `None`: no rule ends here; `Some(true)`: an exception rule (`!city.kawasaki.jp`).
    rule: Option<bool>,
    children: BTreeMap<String, Node>,
}

/// The ICANN rules as a label tree (see the module note). Rules are read the way the
/// `publicsuffix` crate reads them: after the `BEGIN ICANN DOMAINS` (or `PRIVATE`) marker, lines
/// starting with `//` skipped, the first whitespace-separated word of any other line is a rule,
/// and a rule given twice keeps its last form.
fn psl_trie(list: &str) -> String {
    let mut root = Node::default();
    let mut started = false;
    for line in list.lines() {
        if line.contains("BEGIN ICANN DOMAINS") || line.contains("BEGIN PRIVATE DOMAINS") {
            started = true;
            continue;
        }
        if !started || line.starts_with("//") {
            continue;
        }
        let Some(rule) = line.split_whitespace().next() else {
            continue;
        };
        let (exception, rule) = match rule.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, rule),
        };
        let mut node = &mut root;
        for label in rule.rsplit('.') {
            // Lower case first, as IDNA does (the list's Unicode labels are lower case already).
            let label = if label.is_ascii() {
                label.to_string()
            } else {
                punycode::a_label(&label.to_lowercase()).into_owned()
            };
            assert!(
                !label.is_empty()
                    && !label
                        .bytes()
                        .any(|b| b.is_ascii_uppercase() || b"!~{}\n".contains(&b)),
                "psl_icann.dat: label {label:?} of {rule:?} cannot be written in the tree"
            );
            node = node.children.entry(label).or_default();
        }
        node.rule = Some(exception);
    }
    assert!(!root.children.is_empty(), "psl_icann.dat: no rules");
    // One line per top-level label, so the runtime indexes the lines and builds the tree below
    // a top-level label only when a name under it is looked up.
    let mut out = String::new();
    for (i, (label, child)) in root.children.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        write_item(None, label, child, &mut out);
    }
    out
}

/// One `top` (`shared` = `None`) or `item` of the grammar in the module note; `label` is the
/// part after the shared start.
fn write_item(shared: Option<usize>, label: &str, node: &Node, out: &mut String) {
    match node.rule {
        Some(true) => out.push('!'),
        None => out.push('~'),
        Some(false) => {}
    }
    if let Some(shared) = shared {
        out.push(char::from(b'A' + shared as u8));
    }
    out.push_str(label);
    if !node.children.is_empty() {
        out.push('{');
        let mut previous = "";
        for (label, child) in &node.children {
            let shared = previous
                .bytes()
                .zip(label.bytes())
                .take_while(|(a, b)| a == b)
                .count()
                .min(25);
            write_item(Some(shared), &label[shared..], child, out);
            previous = label;
        }
        out.push('}');
    }
}
