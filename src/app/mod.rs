//! The Yew interface: shell, lessons and widgets. Lessons call [`crate::nn`] for every number
//! they show; nothing is computed twice.

pub mod dom;
pub mod exercises;
pub mod i18n;
pub mod lessons;
pub mod panic;
pub mod prefs;
pub mod present;
pub mod root;
pub mod route;
pub mod share;
pub mod training;
pub mod urlstate;
pub mod widgets;

pub use root::App;
