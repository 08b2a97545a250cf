//! Small helpers on the page of a session: wait for a text or a script, run a script, press a
//! key, take a screenshot, check the origin of the requests and the console.

use std::time::{Duration, Instant};

use fantoccini::actions::{
    InputSource, KeyAction, KeyActions, MOUSE_BUTTON_LEFT, MouseActions, PointerAction,
};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use super::base::{Res, root};

pub async fn wait_text(c: &Client, css: &str, want: &str) -> Res {
    let start = Instant::now();
    let mut last = String::new();
    while start.elapsed() < Duration::from_secs(30) {
        if let Ok(el) = c.find(Locator::Css(css)).await {
            last = el.text().await.unwrap_or_default();
            if last.trim() == want {
                return Ok(());
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(format!("`{css}` should read {want:?}, reads {last:?}").into())
}

/// Waits (up to 10 s) until `script` returns `true`; `what` says what was awaited.
pub async fn wait_js(c: &Client, script: &str, what: &str) -> Res {
    wait_js_within(c, script, Duration::from_secs(10), what).await
}

/// Waits up to `limit` until `script` returns `true`.
pub async fn wait_js_within(c: &Client, script: &str, limit: Duration, what: &str) -> Res {
    let start = Instant::now();
    while start.elapsed() < limit {
        if c.execute(script, vec![]).await? == Value::Bool(true) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(format!("timed out waiting for: {what} (within {limit:?})").into())
}

/// The text of the element `css` as shown.
pub async fn text_of(c: &Client, css: &str) -> Res<String> {
    Ok(c.find(Locator::Css(css)).await?.text().await?)
}

pub async fn js(c: &Client, script: &str) -> Res<Value> {
    Ok(c.execute(script, vec![]).await?)
}

pub async fn press(c: &Client, key: Key) -> Res {
    press_char(c, key.into()).await
}

/// One key pressed and released (a letter, or a `Key` as its char), then 80 ms for the page.
pub async fn press_char(c: &Client, ch: char) -> Res {
    let actions = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: ch })
        .then(KeyAction::Up { value: ch });
    c.perform_actions(actions).await?;
    tokio::time::sleep(Duration::from_millis(80)).await;
    Ok(())
}

/// Types `s` into whatever has the focus, one key after another.
pub async fn type_text(c: &Client, s: &str) -> Res {
    let mut a = KeyActions::new("typing".into());
    for ch in s.chars() {
        a = a.then(KeyAction::Down { value: ch }).then(KeyAction::Up { value: ch });
    }
    c.perform_actions(a).await?;
    Ok(())
}

pub async fn shot(c: &Client, name: &str) -> Res {
    let dir = root().join("target/screenshots");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(format!("{name}.png")), c.screenshot().await?)?;
    Ok(())
}

/// Picks `value` in the control `css` (a select, a number field) as a change by hand would.
pub async fn choose(c: &Client, css: &str, value: &str) -> Res {
    js(c, &format!("const s = document.querySelector('{css}'); s.value = '{value}'; s.dispatchEvent(new Event('change', {{ bubbles: true }})); return 0")).await?;
    Ok(())
}

/// How far the page spills sideways, in CSS pixels (0 when it fits the window's width).
pub async fn sideways_overflow(c: &Client) -> Res<Value> {
    js(c, "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        .await
}

/// Every resource the page loaded came from its own origin.
pub async fn assert_same_origin(c: &Client) -> Res {
    let foreign = js(
        c,
        "return performance.getEntriesByType('resource').map(e => e.name)
            .filter(n => !n.startsWith(location.origin + '/'));",
    )
    .await?;
    assert_eq!(foreign, json!([]), "requests left the app's origin");
    Ok(())
}

pub fn assert_no_console_errors(log: &[(String, String)]) {
    let severe: Vec<_> = log.iter().filter(|(lvl, _)| lvl == "SEVERE").collect();
    assert!(severe.is_empty(), "console errors: {severe:#?}");
}

/// A stroke drawn as a student would on the pad `css`, with pointer actions: down, small
/// moves (like a real pointer stream), up. `points` are offsets from the pad's centre.
pub async fn stroke(c: &Client, css: &str, points: &[(f64, f64)]) -> Res {
    let pad = c.find(Locator::Css(css)).await?;
    let (x0, y0) = points[0];
    let mut a = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement { element: pad, duration: None, x: x0, y: y0 })
        .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT });
    let mut prev = (x0, y0);
    for &(x, y) in &points[1..] {
        for _ in 0..4 {
            a = a.then(PointerAction::MoveBy {
                duration: Some(Duration::from_millis(10)),
                x: (x - prev.0) / 4.0,
                y: (y - prev.1) / 4.0,
            });
        }
        prev = (x, y);
    }
    a = a.then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
    c.perform_actions(a).await?;
    Ok(())
}

/// The ten probabilities LeNet's page shows (`data-p` of `#probs li`).
pub async fn probs(c: &Client) -> Res<Vec<f64>> {
    let v =
        js(c, "return [...document.querySelectorAll('#probs li')].map(li => Number(li.dataset.p))")
            .await?;
    Ok(v.as_array().ok_or("no list")?.iter().filter_map(Value::as_f64).collect())
}

/// The viewport made exactly `w`×`h` CSS pixels (the window's frame differs by platform).
pub async fn viewport(c: &Client, w: u32, h: u32) -> Res {
    c.set_window_size(w, h).await?;
    for _ in 0..3 {
        let inner = js(c, "return [innerWidth, innerHeight]").await?;
        let (iw, ih) = (inner[0].as_i64().unwrap_or(0), inner[1].as_i64().unwrap_or(0));
        if (iw, ih) == (w as i64, h as i64) {
            return Ok(());
        }
        let (ow, oh) = c.get_window_size().await?;
        c.set_window_size((ow as i64 + w as i64 - iw) as u32, (oh as i64 + h as i64 - ih) as u32)
            .await?;
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    Ok(())
}
