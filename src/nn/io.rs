//! Weights file (being written).
