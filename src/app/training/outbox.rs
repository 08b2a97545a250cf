//! Commands for the worker, queued until a bridge is mounted, and the hook that mounts one
//! and flushes the queue into it. LeNet's session and the classes page each hold one (two
//! reactor sessions in the same worker).

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;
use yew_agent::reactor::{ReactorEvent, UseReactorBridgeHandle, use_reactor_bridge};

use crate::worker::TrainerReactor;
use crate::worker::protocol::Command;

#[derive(Default)]
pub(crate) struct Outbox {
    bridge: Option<UseReactorBridgeHandle<TrainerReactor>>,
    queue: Vec<Command>,
}

pub(crate) type OutboxRef = Rc<RefCell<Outbox>>;

/// Sends at once if the bridge is up, else when it is mounted.
pub(crate) fn send(o: &OutboxRef, cmd: Command) {
    let mut o = o.borrow_mut();
    match &o.bridge {
        Some(b) => b.send(cmd),
        None => o.queue.push(cmd),
    }
}

/// Opens the bridge (yew-agent spawns the worker on the first one), hands it to `outbox`
/// and sends what waited; the worker's reports go to `on`.
#[hook]
pub(crate) fn use_outbox_bridge<F>(outbox: &OutboxRef, on: F)
where
    F: Fn(ReactorEvent<TrainerReactor>) + 'static,
{
    let bridge = use_reactor_bridge::<TrainerReactor, _>(on);
    let outbox = outbox.clone();
    use_effect_with((), move |_| {
        let mut o = outbox.borrow_mut();
        for cmd in o.queue.drain(..) {
            bridge.send(cmd);
        }
        o.bridge = Some(bridge);
    });
}
