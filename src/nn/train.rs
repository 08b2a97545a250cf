//! Trainer (being written).
