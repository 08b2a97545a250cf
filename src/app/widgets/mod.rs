//! Widgets shared by the lessons (step debugger, grids, drawing pad, charts...).
pub mod drawpad;
pub mod feature_maps;
