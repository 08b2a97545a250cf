//! One module per lesson of the course, plus the home page.

pub mod history;
pub mod home;
