//! Every message of `tests/data/corpus/messages/` (and our own) through `check`. (Stub.)
