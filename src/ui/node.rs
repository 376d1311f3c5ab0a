//! A plain description of DOM content: a tag, its attributes and children, built by ordinary
//! functions from the report and turned into DOM by one function ([`super::browser::dom`]).
//!
//! Why not one `view!` per shape: every distinct Leptos view shape is its own monomorphised
//! build/rebuild/drop code in the wasm. The report is re-rendered as a whole when it changes, so
//! fine-grained reactivity buys nothing there; one data type and one renderer keep the bundle
//! small and each keystroke cheap. Text is always a text node (never parsed as HTML).

use std::borrow::Cow;

/// An element or a text node.
#[derive(PartialEq)]
pub(crate) enum Node {
    El(El),
    Text(String),
}

/// An attribute value: a literal (`Borrowed`, the same on every render) or computed (`Owned`).
/// The renderer clones elements whose literal attributes it has seen before instead of setting
/// them one by one from wasm.
pub(crate) type Value = Cow<'static, str>;

/// One element, boxed: the builders pass `El` by value through long chains, and moving one
/// pointer instead of the 32-byte struct at every step keeps that code small.
#[derive(PartialEq)]
pub(crate) struct El(Box<ElData>);

/// What an element is made of: tag, attributes in order, children.
#[derive(PartialEq)]
pub(crate) struct ElData {
    pub tag: &'static str,
    pub attrs: Vec<(&'static str, Value)>,
    pub kids: Vec<Node>,
}

impl std::ops::Deref for El {
    type Target = ElData;
    fn deref(&self) -> &ElData {
        &self.0
    }
}

/// A new element `<tag>`.
pub(crate) fn el(tag: &'static str) -> El {
    El(Box::new(ElData {
        tag,
        attrs: Vec::new(),
        kids: Vec::new(),
    }))
}

/// `<tag class="…">`.
pub(crate) fn elc(tag: &'static str, class: impl Into<Value>) -> El {
    el(tag).at("class", class)
}

impl El {
    /// An attribute.
    pub fn at(self, name: &'static str, value: impl Into<Value>) -> Self {
        self.attr(name, value.into())
    }

    /// [`El::at`] after the conversion: one copy of the push, not one per call site and type.
    #[inline(never)]
    fn attr(mut self, name: &'static str, value: Value) -> Self {
        self.0.attrs.push((name, value));
        self
    }

    /// `data-testid`.
    pub fn tid(self, id: impl Into<Value>) -> Self {
        self.at("data-testid", id)
    }

    /// A text child.
    pub fn txt(self, text: impl Into<String>) -> Self {
        self.text(text.into())
    }

    /// [`El::txt`] after the conversion: one copy of the push, not one per call site and type.
    #[inline(never)]
    fn text(mut self, text: String) -> Self {
        self.0.kids.push(Node::Text(text));
        self
    }

    /// An element child. Not inlined: a call is smaller than the push at each of ~100 sites.
    #[inline(never)]
    pub fn kid(mut self, child: El) -> Self {
        self.0.kids.push(Node::El(child));
        self
    }

    /// An element child when there is one.
    pub fn opt(self, child: Option<El>) -> Self {
        match child {
            Some(c) => self.kid(c),
            None => self,
        }
    }

    /// Element children, each through [`El::kid`]: a plain loop per iterator type instead of a
    /// `Vec::extend` specialisation per type.
    pub fn kids(mut self, children: impl IntoIterator<Item = El>) -> Self {
        for child in children {
            self = self.kid(child);
        }
        self
    }
}

impl El {
    /// Children that may be text or elements.
    pub fn nodes(mut self, children: impl IntoIterator<Item = Node>) -> Self {
        self.0.kids.extend(children);
        self
    }
}

/// `<tag class="…">text</tag>`.
pub(crate) fn text_el(tag: &'static str, class: impl Into<Value>, text: impl Into<String>) -> El {
    text_element(tag, class.into(), text.into())
}

/// [`text_el`] after the conversions: its body once, not per pair of argument types.
#[inline(never)]
fn text_element(tag: &'static str, class: Value, text: String) -> El {
    let e = if class.is_empty() {
        el(tag)
    } else {
        elc(tag, class)
    };
    e.txt(text)
}

/// `<dl class="facts">` of `(term, description)` rows.
pub(crate) fn facts<'a>(rows: impl IntoIterator<Item = (&'a str, String)>) -> El {
    elc("dl", "facts").kids(
        rows.into_iter()
            .map(|(k, v)| elc("div", "fact").kid(el("dt").txt(k)).kid(el("dd").txt(v))),
    )
}

/// A `<button type="button">` that the results' one click handler dispatches on
/// (`data-action`, `data-arg`).
pub(crate) fn action_button(
    class: &'static str,
    action: &'static str,
    arg: impl Into<Value>,
) -> El {
    elc("button", class)
        .at("type", "button")
        .at("data-action", action)
        .at("data-arg", arg)
}
