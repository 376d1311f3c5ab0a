//! Turns [`El`] descriptions into DOM: builds them, patches one built set into another in place,
//! and the few direct DOM updates the results need (re-sort one table) without rebuilding the
//! rest. Text becomes text nodes only.

use std::borrow::Cow;

use wasm_bindgen::JsCast;

use crate::ui::node::{El, Node};

const SVG_NS: &str = "http://www.w3.org/2000/svg";

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}

thread_local! {
    /// Built `<svg>` icons by their class: an icon is a pure function of its class, and one
    /// native deep clone costs far less than a dozen calls from wasm per row.
    static ICONS: std::cell::RefCell<Vec<(String, web_sys::Element)>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn build(doc: &web_sys::Document, node: &El, in_svg: bool) -> Option<web_sys::Element> {
    if node.tag == "svg" && !in_svg {
        let class = node.attrs.first().map(|(_, v)| v.as_ref()).unwrap_or("");
        let cached = ICONS.with_borrow(|icons| {
            let (_, icon) = icons.iter().find(|(c, _)| c == class)?;
            Some(icon.clone_node_with_deep(true).ok()?.unchecked_into())
        });
        if cached.is_some() {
            return cached;
        }
        let built = build_element(doc, node, true)?;
        ICONS.with_borrow_mut(|icons| icons.push((class.to_string(), built.clone())));
        return Some(built.clone_node_with_deep(true).ok()?.unchecked_into());
    }
    build_element(doc, node, in_svg)
}

thread_local! {
    /// Elements with only their literal attributes, sorted by tag and those attributes: a
    /// shallow native clone replaces one `createElement` and a `setAttribute` per literal from
    /// wasm (each call from wasm also decodes its strings). A few dozen shapes: a binary search
    /// in a `Vec` (no hash map code in the wasm).
    static PROTOTYPES: std::cell::RefCell<Vec<(String, web_sys::Element)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

fn new_element(doc: &web_sys::Document, node: &El, svg: bool) -> Option<web_sys::Element> {
    let create = || {
        if svg {
            doc.create_element_ns(Some(SVG_NS), node.tag).ok()
        } else {
            doc.create_element(node.tag).ok()
        }
    };
    let literals = node
        .attrs
        .iter()
        .filter(|(_, v)| matches!(v, Cow::Borrowed(_)));
    if literals.clone().next().is_none() {
        return create();
    }
    let mut key = String::from(node.tag);
    for (name, value) in literals.clone() {
        key.push('\0');
        key.push_str(name);
        key.push('=');
        key.push_str(value);
    }
    let place = PROTOTYPES.with_borrow(|p| p.binary_search_by(|(k, _)| k.as_str().cmp(&key)));
    let prototype = match place {
        Ok(at) => PROTOTYPES.with_borrow(|p| p[at].1.clone()),
        Err(at) => {
            let prototype = create()?;
            for (name, value) in literals {
                let _ = prototype.set_attribute(name, value);
            }
            PROTOTYPES.with_borrow_mut(|p| p.insert(at, (key, prototype.clone())));
            prototype
        }
    };
    // `cloneNode(false)`: the same import as the deep clone of icons.
    Some(prototype.clone_node_with_deep(false).ok()?.unchecked_into())
}

fn build_element(doc: &web_sys::Document, node: &El, in_svg: bool) -> Option<web_sys::Element> {
    let svg = in_svg || node.tag == "svg";
    let element = new_element(doc, node, svg)?;
    for (name, value) in &node.attrs {
        if let Cow::Owned(value) = value {
            let _ = element.set_attribute(name, value);
        }
    }
    for kid in &node.kids {
        append_kid(doc, &element, kid, svg);
    }
    Some(element)
}

fn append_kid(doc: &web_sys::Document, parent: &web_sys::Element, kid: &Node, svg: bool) {
    let _ = match kid {
        Node::El(child) => match build(doc, child, svg) {
            Some(c) => parent.append_with_node_1(&c),
            None => Ok(()),
        },
        Node::Text(text) => parent.append_with_str_1(text),
    };
}

/// Replace every child of `parent` with `nodes`.
pub fn fill(parent: &web_sys::Element, nodes: &[El]) {
    let doc = document();
    parent.set_text_content(None);
    for node in nodes {
        if let Some(e) = build(&doc, node, false) {
            let _ = parent.append_with_node_1(&e);
        }
    }
}

/// Make the first children of `parent`, built from `old`, show `new` instead, touching only
/// what differs (typing in a long header block changes one line of the route, not all of it);
/// later children stay. Without a matching `old`, `parent` is filled anew.
pub fn patch(parent: &web_sys::Element, old: Option<&[El]>, new: &[El]) {
    let Some(old) = old.filter(|old| old.len() == new.len()) else {
        fill(parent, new);
        return;
    };
    let doc = document();
    // Every child of a results container is an element (built from `El`s), so the node
    // walk below (imports shared with `patch_element`) meets only elements.
    let mut child = parent.first_child();
    for (o, n) in old.iter().zip(new) {
        let Some(current) = child else {
            fill(parent, new);
            return;
        };
        child = current.next_sibling();
        patch_element(&doc, current.unchecked_ref(), o, n, false);
    }
}

/// Remove every child of `parent` after its first `count`.
pub fn keep_first(parent: &web_sys::Element, count: usize) {
    let mut child = parent.first_child();
    for _ in 0..count {
        child = child.and_then(|c| c.next_sibling());
    }
    remove_from(child);
}

/// Remove `first` and every later sibling (elements or text).
fn remove_from(first: Option<web_sys::Node>) {
    let mut child = first;
    while let Some(extra) = child {
        child = extra.next_sibling();
        extra.unchecked_into::<web_sys::Element>().remove();
    }
}

fn patch_element(
    doc: &web_sys::Document,
    current: &web_sys::Element,
    old: &El,
    new: &El,
    in_svg: bool,
) {
    if old == new {
        return;
    }
    let svg = in_svg || new.tag == "svg";
    // The same element with the same kinds of children where both have one; the children only
    // one side has are then removed or appended (a hop row gaining or losing its detail keeps its
    // button, and with it the focus).
    let same_shape = old.tag == new.tag
        && old.kids.iter().zip(&new.kids).all(|pair| {
            matches!(
                pair,
                (Node::El(_), Node::El(_)) | (Node::Text(_), Node::Text(_))
            )
        });
    if svg || !same_shape {
        if let Some(built) = build(doc, new, in_svg) {
            let _ = current.replace_with_with_node_1(&built);
        }
        return;
    }
    if old.attrs != new.attrs {
        for (name, _) in &old.attrs {
            if !new.attrs.iter().any(|(n, _)| n == name) {
                let _ = current.remove_attribute(name);
            }
        }
        for (name, value) in &new.attrs {
            if !old.attrs.iter().any(|(n, v)| n == name && v == value) {
                let _ = current.set_attribute(name, value);
            }
        }
    }
    let mut child = current.first_child();
    for (o, n) in old.kids.iter().zip(&new.kids) {
        let Some(node) = child else {
            return;
        };
        child = node.next_sibling();
        match (o, n) {
            (Node::Text(a), Node::Text(b)) if a != b => node.set_node_value(Some(b)),
            (Node::El(a), Node::El(b)) => {
                if let Some(e) = node.dyn_ref::<web_sys::Element>() {
                    patch_element(doc, e, a, b, svg);
                }
            }
            _ => {} // equal text, or (checked above) never mixed kinds
        }
    }
    remove_from(child);
    for kid in new.kids.iter().skip(old.kids.len()) {
        append_kid(doc, current, kid, svg);
    }
}

/// Append `node` as the last child of `parent`.
pub fn append(parent: &web_sys::Element, node: &El) {
    if let Some(e) = build(&document(), node, false) {
        let _ = parent.append_with_node_1(&e);
    }
}

/// Put `node` in place of `old`.
pub fn replace(old: &web_sys::Element, node: &El) {
    if let Some(e) = build(&document(), node, false) {
        let _ = old.replace_with_with_node_1(&e);
    }
}

/// The first element under `root` matching `selector`.
pub fn find(root: &web_sys::Element, selector: &str) -> Option<web_sys::Element> {
    root.query_selector(selector).ok().flatten()
}

/// The element with `data-action` that an event happened in: `(element, action, data-arg)`.
pub fn action_of(ev: &web_sys::Event) -> Option<(web_sys::Element, String, String)> {
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let el = target.closest("[data-action]").ok()??;
    let action = el.get_attribute("data-action")?;
    let arg = el.get_attribute("data-arg").unwrap_or_default();
    Some((el, action, arg))
}

/// The element an event happened on.
fn target(ev: &web_sys::Event) -> Option<web_sys::Element> {
    ev.target()?.dyn_into().ok()
}

/// The `id` of the element an event happened on.
pub fn target_id(ev: &web_sys::Event) -> Option<String> {
    target(ev)?.get_attribute("id")
}

/// The `data-testid` of the element an event happened on.
pub fn target_testid(ev: &web_sys::Event) -> Option<String> {
    target(ev)?.get_attribute("data-testid")
}

/// The nearest element matching `selector` around the event's target.
pub fn closest(ev: &web_sys::Event, selector: &str) -> Option<web_sys::Element> {
    target(ev)?.closest(selector).ok()?
}

/// The `value` property of the element an event happened on (textarea, select).
pub fn target_value(ev: &web_sys::Event) -> String {
    target(ev)
        .and_then(|t| js_sys::Reflect::get(&t, &"value".into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Set a form control's `value` property (textarea, select).
pub fn set_value(el: &web_sys::Element, value: &str) {
    let _ = js_sys::Reflect::set(el, &"value".into(), &value.into());
}

/// Whether a `<details>` (or any element with an `open` property) is open.
pub fn is_open(el: &web_sys::Element) -> bool {
    js_sys::Reflect::get(el, &"open".into()).is_ok_and(|v| v.is_truthy())
}

/// Whether a checkbox is checked.
pub fn is_checked(el: &web_sys::Element) -> bool {
    js_sys::Reflect::get(el, &"checked".into()).is_ok_and(|v| v.is_truthy())
}

/// Focus an element (and scroll it into view when `scroll`).
pub fn focus(el: &web_sys::Element, scroll: bool) {
    if scroll {
        el.scroll_into_view();
    }
    // Only HTML elements are focused here (the paste box, hop and sort buttons).
    let _ = el.unchecked_ref::<web_sys::HtmlElement>().focus();
}

/// Set an attribute (a failure — an invalid name — is impossible for the literal names used).
pub fn set_attr(el: &web_sys::Element, name: &str, value: &str) {
    let _ = el.set_attribute(name, value);
}

/// Replace an element's text (`None` empties it). Always text, never markup.
pub fn set_text(el: &web_sys::Element, text: Option<&str>) {
    el.set_text_content(text);
}
