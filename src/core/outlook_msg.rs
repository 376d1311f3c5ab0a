//! Outlook .msg (CFB compound file): read the transport-headers property. (Stub: web-app issue.)

/// The compound-file signature every .msg starts with.
pub const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The message's Internet headers (PR_TRANSPORT_MESSAGE_HEADERS) when `bytes` is an Outlook .msg.
/// `None` when it is not a .msg or has no such property. Total: never panics.
pub fn transport_headers(_bytes: &[u8]) -> Option<String> {
    None
}
