//! Widgets shared by the lessons (step debugger, grids, drawing pad, charts...).
pub mod heatmap;
pub mod kernel_editor;
pub mod stepper;
pub mod keras;
pub mod drawpad;
pub mod feature_maps;
pub mod form;
pub mod arith;
