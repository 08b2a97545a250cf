//! Shared by the end-to-end tests (`tests/e2e*.rs`): a static server for dist/, ChromeDriver,
//! a browser session (`Browser::open`), and small helpers (wait for a text, run a script,
//! press a key, draw a stroke, screenshot, console errors). Use it with
//! `mod support; use support::*;`.
// Each test file uses a part of it: what one leaves unused is not dead.
#![allow(dead_code, unused_imports)]

mod axe;
mod base;
mod browser;
mod driver;
mod page;
mod server;

pub use axe::*;
pub use base::*;
pub use browser::*;
pub use driver::*;
pub use page::*;
pub use server::*;
