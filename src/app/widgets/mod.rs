//! Widgets shared by the lessons (step debugger, grids, drawing pad, charts...).
