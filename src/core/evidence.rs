//! Other evidence users expect next to the route: message identity, `TLS-Required: No`
//! (RFC 8689), Authentication-Results / ARC-Authentication-Results per authserv-id.
