//! Every line of `tests/data/corpus/received.jsonl` through `check`. (Stub.)
