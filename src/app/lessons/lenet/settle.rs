//! The panels under the pad (saliency and occlusion, the step followed backwards) follow the
//! pad's picture at most every `SETTLE_MS`: the pad predicts at every pointer move, and
//! those panels redraw a hundred maps each time. Throttled with a trailing update, so that
//! they always end on the last picture, in a task of their own rather than the stroke's.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// At most one update of the heavy panels per this many milliseconds.
const SETTLE_MS: u32 = 200;

/// `value` as it was at most `SETTLE_MS` ago (at once the first time).
#[hook]
pub fn use_settled<T: Clone + PartialEq + 'static>(value: T) -> T {
    let settled = use_state({
        let v = value.clone();
        move || v
    });
    let latest = use_mut_ref(|| value.clone());
    let pending: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    *latest.borrow_mut() = value.clone();
    {
        let (settled, latest, pending) = (settled.clone(), latest.clone(), pending.clone());
        use_effect_with(value, move |v| {
            if *settled != *v && pending.borrow().is_none() {
                let p = pending.clone();
                let t = Timeout::new(SETTLE_MS, move || {
                    p.borrow_mut().take();
                    settled.set(latest.borrow().clone());
                });
                *pending.borrow_mut() = Some(t);
            }
        });
    }
    // Leaving the page drops a pending update (the timer is cancelled with it).
    {
        let pending = pending.clone();
        use_effect_with((), move |_| move || drop(pending.borrow_mut().take()));
    }
    (*settled).clone()
}
