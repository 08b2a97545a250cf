//! The app's training session: LeNet's run belongs to the app, not to the page. A
//! [`TrainingProvider`] above the router holds the state (the reducer of [`reducer`], over
//! the types of [`state`] and the form's [`draft`]), the network on screen and the bridge to
//! the worker; pages read it with [`use_training`] and send commands through [`Training`]. A
//! teacher can go to the 2D lab and come back to the same run, charts included; the header
//! shows the run on every page.
//!
//! The worker starts only when a page needs it ([`Training::activate`], called by LeNet
//! live): the bridge-holding component is mounted then, and yew-agent's provider spawns the
//! worker on that first bridge. Other pages download nothing of it.

mod bridge;
pub mod draft;
mod indicator;
mod net;
pub(crate) mod outbox;
mod provider;
pub mod reducer;
pub mod runs;
pub mod series;
mod session;
pub mod state;
pub mod storage;
pub mod texts;

pub use self::indicator::RunIndicator;
pub(crate) use self::net::reachable;
pub use self::provider::{ProviderProps, TrainingProvider};
pub use self::session::{
    ModelRef, PRETRAINED_URL, Refused, Training, WORKER_TIMEOUT_MS, fits_pad, use_training,
};
