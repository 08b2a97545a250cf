//! Widgets shared by the lessons (step debugger, grids, drawing pad, charts...).
pub mod arith;
pub mod drawpad;
pub mod feature_maps;
pub mod form;
pub mod heatmap;
pub mod keras;
pub mod kernel_editor;
pub mod stepper;
pub mod texts;
