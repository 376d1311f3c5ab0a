//! The app in a real browser: `cargo test --target wasm32-unknown-unknown --test web` runs these in
//! headless Chromium (wasm-bindgen-test-runner + chromedriver, see .cargo/config.toml).
//! Native `cargo test` compiles this file to nothing.
#![cfg(target_arch = "wasm32")]

use hoplock::ui::browser::embed::{Mode, mode_for};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const LUXSCI: &str = include_str!("data/corpus/messages/seed-luxsci-hotmail-proofpoint.txt");
const EXPECTED: &str = include_str!("data/corpus/messages/expected.jsonl");

/// The app mounted into its own `<div>` (several tests share one document).
struct Mounted {
    host: web_sys::HtmlElement,
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn mount() -> Mounted {
    let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), hoplock::ui::App).forget();
    Mounted { host }
}

impl Mounted {
    fn all(&self, selector: &str) -> Vec<web_sys::Element> {
        let list = self.host.query_selector_all(selector).unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().unchecked_into())
            .collect()
    }

    /// Paste: set the textarea's value and fire `input`, as the browser does; then let the
    /// reactive system run.
    async fn paste(&self, text: &str) {
        let boxes = self.all("textarea[data-testid=headers]");
        assert_eq!(boxes.len(), 1, "exactly one paste box");
        let textarea: web_sys::HtmlTextAreaElement = boxes[0].clone().unchecked_into();
        textarea.set_value(text);
        // As a browser fires it: `input` on the paste box, bubbling.
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        let input = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
        textarea.dispatch_event(&input).unwrap();
        leptos::task::tick().await;
    }

    fn cell_texts(&self, testid: &str) -> Vec<String> {
        self.all(&format!("[data-testid=hop-row] [data-testid={testid}]"))
            .iter()
            .map(|e| e.text_content().unwrap_or_default().trim().to_string())
            .collect()
    }
}

/// The labelled hops of one corpus message (a line of messages/expected.jsonl).
fn expected_hops(file: &str) -> Vec<serde_json::Value> {
    EXPECTED
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find(|entry| entry["file"] == file)
        .and_then(|entry| entry["hops"].as_array().cloned())
        .expect("the message is labelled in expected.jsonl")
}

#[wasm_bindgen_test]
async fn pasting_headers_lists_the_hops_in_chronological_order() {
    let app = mount();
    assert_eq!(
        app.all("[data-testid=hop-row]").len(),
        0,
        "no hops before a paste"
    );

    app.paste(LUXSCI).await;

    let expected = expected_hops("seed-luxsci-hotmail-proofpoint.txt");
    let rows = app.all("[data-testid=hop-row]");
    assert_eq!(rows.len(), expected.len(), "one row per Received field");
    let indexes: Vec<String> = rows
        .iter()
        .map(|r| r.get_attribute("data-hop-index").unwrap_or_default())
        .collect();
    let wanted: Vec<String> = expected.iter().map(|h| h["hop"].to_string()).collect();
    assert_eq!(indexes, wanted, "rows in chronological order");
    let by_hosts: Vec<String> = expected
        .iter()
        .map(|h| h["by_host"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        app.cell_texts("hop-by"),
        by_hosts,
        "by host of each hop, sender side first"
    );
    for tls in app.cell_texts("hop-tls") {
        assert!(
            ["yes", "no", "not stated"]
                .iter()
                .any(|w| tls.starts_with(w)),
            "TLS cell {tls:?} starts with yes / no / not stated"
        );
    }
    let banner = app.all("[data-testid=verdict]");
    assert_eq!(banner.len(), 1, "one verdict banner");
    assert_ne!(
        banner[0].get_attribute("data-verdict").as_deref(),
        Some("no-hops")
    );
}

#[wasm_bindgen_test]
async fn header_text_is_rendered_as_text_never_as_markup() {
    let app = mount();
    let hostile = "Received: from <img src=x onerror=\"window.__hoplock_pwned=1\"> (x [192.0.2.1])\r\n\
                   \tby <script>window.__hoplock_pwned=1</script>.example with <b>ESMTP</b>; Mon, 1 Jan 2024 00:00:00 +0000\r\n";
    app.paste(hostile).await;

    assert_eq!(app.all("[data-testid=hop-row]").len(), 1);
    for tag in ["img", "script", "b"] {
        assert!(
            app.all(&format!("[data-testid=hop-row] {tag}")).is_empty(),
            "no <{tag}> created from header text"
        );
    }
    let pwned = js_sys::Reflect::get(&js_sys::global(), &"__hoplock_pwned".into()).unwrap();
    assert!(pwned.is_undefined(), "no script from header text ran");
}

#[wasm_bindgen_test]
fn mode_follows_the_url_and_the_custom_element() {
    let table = [
        ("https:", "", false, Mode::Hosted),
        ("http:", "?x=1", false, Mode::Hosted),
        ("https:", "?embed", false, Mode::Embed),
        ("https:", "?lang=en&embed=1", false, Mode::Embed),
        ("https:", "?embedded", false, Mode::Hosted),
        ("file:", "", false, Mode::File),
        ("file:", "?embed", false, Mode::Embed),
        ("https:", "?embed", true, Mode::Element),
        ("https:", "", true, Mode::Element),
    ];
    for (protocol, search, element, want) in table {
        assert_eq!(
            mode_for(protocol, search, element),
            want,
            "{protocol} {search:?} element={element}"
        );
    }
}

/// The browser's `TextDecoder` decodes encoded words as mail-parser does (with its multi-byte
/// tables): every case of `tests/data/encoded_words.jsonl` with an expected text, windows-1251
/// and ISO-2022-JP among them, through the decoder the app passes to the core.
#[wasm_bindgen_test]
fn text_decoder_decodes_encoded_words_like_mail_parser() {
    use hoplock::core::encoded_word::decode;
    use hoplock::ui::browser::charsets;
    let mut checked = Vec::new();
    for line in include_str!("data/encoded_words.jsonl").lines() {
        let Ok(case) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let value = case["value"].as_str().unwrap();
        let Some(want) = case["decoded"].as_str() else {
            continue;
        };
        assert_eq!(decode(value, charsets::decode), want, "{value}");
        checked.push(value.to_ascii_lowercase());
    }
    for charset in ["=?windows-1251?", "=?iso-2022-jp?"] {
        assert!(
            checked.iter().any(|v| v.starts_with(charset)),
            "a {charset} case"
        );
    }
}
