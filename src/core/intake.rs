//! Input intake: whatever a person pastes or drops → the header fields of one message.
//! (Stub: to be completed by the Received-dialect issue.)

use crate::core::report::HeaderField;

/// The header section of the input, as fields in their original order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HeaderBlock {
    pub fields: Vec<HeaderField>,
    pub diagnostics: Vec<String>,
}

/// Read the header section. Total: never panics.
pub fn read(bytes: &[u8]) -> HeaderBlock {
    let text = String::from_utf8_lossy(bytes);
    let mut block = HeaderBlock::default();
    for line in text.lines() {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            if let Some(last) = block.fields.last_mut() {
                last.raw.push('\n');
                last.raw.push_str(line);
                last.value.push(' ');
                last.value.push_str(line.trim());
            }
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            block.fields.push(HeaderField {
                name: name.trim().to_string(),
                value: value.trim().to_string(),
                raw: line.to_string(),
            });
        }
    }
    block
}
