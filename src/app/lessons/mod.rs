//! One module per lesson of the course, plus the home page. A lesson that is not written
//! yet shows [`placeholder::Placeholder`] and is left out of `route::LESSONS` (so out of
//! the navigation).

pub mod conv1d;
pub mod conv2d;
pub mod dropout;
pub mod history;
pub mod home;
pub mod lenet;
pub mod placeholder;
pub mod pooling;
