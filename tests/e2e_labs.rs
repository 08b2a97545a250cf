//! End-to-end: the convolution labs in headless Chromium, driven by the keyboard as a
//! teacher at a projector would; screenshots in both languages and mid-animation; redraw
//! times measured in the page. Run after `trunk build --release --public-url ./` with
//! `cargo test --test e2e_labs -- --ignored --nocapture`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::json;
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn labs_work_with_the_keyboard_in_both_languages() -> Res {
    within(Duration::from_secs(240), labs()).await
}

async fn count(c: &Client, id: &str) -> Res<String> {
    Ok(js(c, &format!("return document.querySelector('#{id}-count').textContent"))
        .await?
        .as_str()
        .unwrap_or("")
        .to_string())
}

/// The labs one after another in the same session (the language chosen in one step stays
/// for the next ones).
async fn labs() -> Res {
    let b = Browser::open("labs").await?;
    let c = &b.c;
    let base = b.base();
    // Tall enough that a screenshot holds the controls, the maps and the readout.
    c.set_window_size(1280, 1500).await?;

    conv1d_keyboard(c, &base).await?;
    conv2d_keyboard(c, &base).await?;
    conv2d_mnist_redraw_times(c).await?;
    conv2d_draw_a_digit(c).await?;
    conv2d_empty_pad_keras(c).await?;
    conv2d_upload_64(c).await?;
    pooling_keyboard(c, &base).await?;
    dropout_keyboard(c, &base).await?;
    french(c, &base).await?;
    tablet(c, &base).await?;
    conv2d_digit_to_lenet(c, &base).await?;

    assert_same_origin(c).await?;
    assert_no_console_errors(&b.console_log().await?);
    b.close().await?;
    Ok(())
}

async fn conv1d_keyboard(c: &Client, base: &str) -> Res {
    step("conv1d, English, keyboard");
    c.goto(&format!("{base}#/conv1d")).await?;
    wait_text(c, "h1", "1D convolution").await?;
    js(c, "document.querySelector('#conv1d-scope').focus(); return 0").await?;
    assert_eq!(count(c, "conv1d").await?, "Window 1 / 8");
    press(c, Key::Right).await?;
    press(c, Key::Right).await?;
    assert_eq!(count(c, "conv1d").await?, "Window 3 / 8");
    let arith = js(c, "return document.querySelector('#conv1d-arith').textContent").await?;
    press(c, Key::Right).await?;
    press(c, Key::Left).await?;
    assert_eq!(count(c, "conv1d").await?, "Window 3 / 8");
    assert_eq!(
        js(c, "return document.querySelector('#conv1d-arith').textContent").await?,
        arith,
        "→ then ← is the same window"
    );
    press(c, Key::End).await?;
    assert_eq!(count(c, "conv1d").await?, "Window 8 / 8");
    press(c, Key::Home).await?;
    assert_eq!(count(c, "conv1d").await?, "Window 1 / 8");
    shot(c, "conv1d-en").await?;
    // Space plays: the window moves by itself (2 per second), space again pauses.
    press(c, Key::Space).await?;
    assert_eq!(
        js(c, "return document.querySelector('#conv1d-play').getAttribute('aria-pressed')").await?,
        json!("true")
    );
    tokio::time::sleep(Duration::from_millis(1300)).await;
    shot(c, "conv1d-en-playing").await?;
    press(c, Key::Space).await?;
    let paused_at = count(c, "conv1d").await?;
    assert_ne!(paused_at, "Window 1 / 8", "playing moved the window");
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(count(c, "conv1d").await?, paused_at, "paused stays put");
    let overflow = sideways_overflow(c).await?;
    assert_eq!(overflow, json!(0), "the 1D lab does not spill sideways");
    Ok(())
}

async fn conv2d_keyboard(c: &Client, base: &str) -> Res {
    step("conv2d, English, keyboard");
    c.goto(&format!("{base}#/conv2d")).await?;
    wait_text(c, "h1", "2D convolution").await?;
    js(c, "document.querySelector('#conv2d-scope').focus(); return 0").await?;
    assert_eq!(count(c, "conv2d").await?, "Window 1 / 4");
    press(c, Key::Right).await?;
    press(c, Key::Right).await?;
    press(c, Key::Left).await?;
    assert_eq!(count(c, "conv2d").await?, "Window 2 / 4");
    press(c, Key::End).await?;
    assert_eq!(count(c, "conv2d").await?, "Window 4 / 4");
    shot(c, "conv2d-en-course").await?;
    Ok(())
}

async fn conv2d_mnist_redraw_times(c: &Client) -> Res {
    step("conv2d: an MNIST digit, redraw times on 28×28");
    choose(c, "#conv2d-input", "mnist").await?;
    wait_text(c, "#conv2d-next-digit", "Next digit").await?;
    // "Next digit" shows another digit each time (the real file is sorted by class).
    let label = || {
        let c = c.clone();
        async move { js(&c, "return document.querySelector('#conv2d-digit-label').dataset.label").await }
    };
    for _ in 0..3 {
        let before = label().await?;
        c.find(Locator::Css("#conv2d-next-digit")).await?.click().await?;
        tokio::time::sleep(Duration::from_millis(150)).await;
        assert_ne!(label().await?, before, "Next digit showed the same class again");
    }
    let t28 = measure(c, &["0", "1", "2", "3", "4", "5", "6", "1", "2", "3"]).await?;
    eprintln!("redraw after a kernel change on 28×28 (ms, dom / next frame): {t28:?}");
    shot(c, "conv2d-en-mnist").await?;
    Ok(())
}

async fn conv2d_draw_a_digit(c: &Client) -> Res {
    step("conv2d: draw a digit");
    let values = |id: &'static str| {
        let c = c.clone();
        async move { js(&c, &format!("return document.querySelector('#{id}').dataset.values")).await }
    };
    let (in_before, out_before) =
        (values("conv2d-input-map").await?, values("conv2d-output").await?);
    choose(c, "#conv2d-input", "draw").await?;
    wait_text(c, "#conv2d-pad-empty", "Draw a digit").await?;
    assert_eq!(values("conv2d-output").await?, out_before, "a blank pad keeps the previous output");
    stroke(c, "#conv2d-pad", &[(-40.0, -70.0), (30.0, -75.0), (0.0, 0.0), (-20.0, 75.0)]).await?;
    let start = std::time::Instant::now();
    while js(c, "return document.querySelector('#conv2d-pad-empty') === null").await? != json!(true)
    {
        if start.elapsed() > Duration::from_secs(10) {
            return Err("the drawing did not replace the invitation".into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (in_after, out_after) = (values("conv2d-input-map").await?, values("conv2d-output").await?);
    assert_ne!(in_after, in_before, "the drawing is the input");
    assert_ne!(out_after, out_before, "the output follows the drawing");
    let attr = |id: &'static str, a: &'static str| {
        let c = c.clone();
        async move { js(&c, &format!("return document.querySelector('#{id}').dataset.{a}")).await }
    };
    assert_eq!(
        (attr("conv2d-input-map", "rows").await?, attr("conv2d-input-map", "cols").await?),
        (json!("28"), json!("28"))
    );
    assert_eq!(
        (attr("conv2d-output", "rows").await?, attr("conv2d-output", "cols").await?),
        (json!("26"), json!("26"))
    );
    let out: Vec<f64> =
        out_after.as_str().unwrap_or("").split(',').filter_map(|v| v.parse().ok()).collect();
    assert_eq!(out.len(), 26 * 26, "the output map holds 26×26 numbers");
    assert!(out.iter().any(|&v| v != 0.0), "the drawn digit's map is not all zero");
    let heading = js(c, "return document.querySelector('#conv2d-output').closest('.conv2d-maps > div').querySelector('.map-title').textContent").await?;
    assert!(heading.as_str().unwrap_or("").contains("(26×26)"), "{heading}");
    let formula = js(c, "return document.querySelector('#conv2d-formula').textContent").await?;
    assert!(formula.as_str().unwrap_or("").contains("= 26 × 26"), "{formula}");
    assert_eq!(
        js(c, "return document.querySelector('#conv2d-formula-rows').textContent").await?,
        json!("rows: ⌊(28 + 2×0 − 3) / 1⌋ + 1 = 26")
    );
    assert_eq!(
        js(c, "return document.querySelector('#conv2d-formula-cols').textContent").await?,
        json!("columns: ⌊(28 + 2×0 − 3) / 1⌋ + 1 = 26")
    );
    // On a 1280×720 screen the pad, the input with its window, the output and the
    // arithmetic are all in view at once, side by side.
    c.set_window_size(1280, 720).await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    js(c, "document.querySelector('#conv2d-stage').scrollIntoView({ block: 'start' }); return 0")
        .await?;
    shot(c, "conv2d-en-drawn-720").await?;
    assert_stage_fits(c, true).await?;
    // Clicking an output cell jumps to its window (a real click, through the page's CSS).
    let out = c.find(Locator::Css("#conv2d-output")).await?;
    let (cell, m) = (attr("conv2d-output", "cell").await?, attr("conv2d-output", "margin").await?);
    let scale = js(c, "const cv = document.querySelector('#conv2d-output'); return cv.getBoundingClientRect().width / cv.width").await?;
    let f = |v: &serde_json::Value| {
        v.as_str().and_then(|s| s.parse::<f64>().ok()).or(v.as_f64()).unwrap_or(0.0)
    };
    let (cell, m, k) = (f(&cell), f(&m), f(&scale));
    let centre = |i: f64| ((m + (i + 0.5) * cell) * k) - (m + 13.0 * cell) * k;
    c.perform_actions(
        MouseActions::new("mouse".into())
            .then(PointerAction::MoveToElement {
                element: out,
                duration: None,
                x: centre(20.0),
                y: centre(2.0),
            })
            .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
            .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT }),
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(
        count(c, "conv2d").await?,
        format!("Window {} / 676", 2 * 26 + 20 + 1),
        "the click chose the window of row 3, column 21"
    );
    shot(c, "conv2d-en-drawn-720-picked").await?;
    c.set_window_size(768, 1024).await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    js(c, "document.querySelector('#conv2d-stage').scrollIntoView(); return 0").await?;
    shot(c, "conv2d-en-drawn-768").await?;
    c.set_window_size(1280, 1500).await?;
    Ok(())
}

async fn conv2d_empty_pad_keras(c: &Client) -> Res {
    step("conv2d: an empty pad leaves no old picture in the Keras code");
    let keras = || {
        let c = c.clone();
        async move {
            js(&c, "return document.querySelector('#conv2d-keras pre').textContent")
                .await
                .map(|v| v.as_str().unwrap_or("").to_string())
        }
    };
    assert!(keras().await?.contains("# Your drawing"), "the drawn digit is in the code");
    js(
        c,
        "document.querySelector('#conv2d-stage .drawpad-clear, .drawpad-clear').click(); return 0",
    )
    .await?;
    wait_text(c, "#conv2d-pad-empty", "Draw a digit").await?;
    let code = keras().await?;
    assert!(!code.contains("# Your drawing") && code.contains("Draw a digit on the pad"), "{code}");
    Ok(())
}

async fn conv2d_upload_64(c: &Client) -> Res {
    step("conv2d: a 64×64 upload, 7×7 kernel");
    choose(c, "#conv2d-input", "upload").await?;
    js(
        c,
        "const c = document.createElement('canvas'); c.width = 200; c.height = 200;
         const g = c.getContext('2d'); const grd = g.createLinearGradient(0, 0, 200, 200);
         grd.addColorStop(0, '#fff'); grd.addColorStop(1, '#123'); g.fillStyle = grd; g.fillRect(0, 0, 200, 200);
         g.fillStyle = '#000'; g.beginPath(); g.arc(100, 100, 50, 0, 6.3); g.fill();
         c.toBlob(b => {
           const dt = new DataTransfer(); dt.items.add(new File([b], 'disc.png', { type: 'image/png' }));
           const input = document.querySelector('#conv2d-file'); input.files = dt.files;
           input.dispatchEvent(new Event('change', { bubbles: true }));
         }); return 0",
    )
    .await?;
    let start = std::time::Instant::now();
    while js(c, "return document.querySelector('#conv2d-input-map').dataset.rows").await?
        != json!("64")
    {
        if start.elapsed() > Duration::from_secs(10) {
            return Err("the uploaded picture was not shown at 64×64".into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    js(c, "for (const id of ['#conv2d-rows', '#conv2d-cols']) { const s = document.querySelector(id); s.value = '7'; s.dispatchEvent(new Event('change', { bubbles: true })); } return 0").await?;
    // Editing one weight of the 7×7 kernel: the whole 64×64 map and the filter bank redraw.
    let mut t64 = Vec::new();
    for v in ["1", "2", "-1", "0.5", "3", "1/4", "-2", "1", "2", "4"] {
        t64.push(measure_edit(c, "#conv2d-kernel-edit-cell-3-3", v).await?);
    }
    eprintln!("redraw after a 7×7 weight edit on 64×64 (ms, dom / next frame): {t64:?}");
    shot(c, "conv2d-en-upload64-7x7").await?;
    Ok(())
}

async fn pooling_keyboard(c: &Client, base: &str) -> Res {
    step("pooling, English, keyboard");
    c.goto(&format!("{base}#/pooling")).await?;
    wait_text(c, "h1", "Pooling").await?;
    js(c, "document.querySelector('#pool-scope').focus(); return 0").await?;
    assert_eq!(count(c, "pool").await?, "Window 1 / 6");
    press(c, Key::End).await?;
    assert_eq!(count(c, "pool").await?, "Window 6 / 6");
    press(c, Key::Left).await?;
    press(c, Key::Left).await?;
    assert_eq!(
        js(c, "return document.querySelector('#pool-arith').textContent").await?,
        json!("max(2, 6) = 6")
    );
    shot(c, "pooling-en").await?;
    choose(c, "#pool-input", "feature").await?;
    js(c, "document.querySelector('#pool-scope').focus(); return 0").await?;
    press(c, Key::Right).await?;
    press(c, Key::Right).await?;
    press(c, Key::Right).await?;
    shot(c, "pooling-en-feature-map").await?;
    Ok(())
}

async fn dropout_keyboard(c: &Client, base: &str) -> Res {
    step("dropout, English, keyboard");
    c.goto(&format!("{base}#/dropout")).await?;
    wait_text(c, "h1", "Dropout").await?;
    js(c, "document.querySelector('#dropout-scope').focus(); return 0").await?;
    press(c, Key::Space).await?;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    shot(c, "dropout-en-playing").await?;
    press(c, Key::Space).await?;
    assert_ne!(count(c, "dropout").await?, "Mask 1 / 40", "playing drew new masks");
    press(c, Key::Home).await?;
    assert_eq!(count(c, "dropout").await?, "Mask 1 / 40");
    Ok(())
}

async fn french(c: &Client, base: &str) -> Res {
    step("French");
    c.find(Locator::Css("#lang-fr")).await?.click().await?;
    c.goto(&format!("{base}#/conv1d")).await?;
    wait_text(c, "h1", "Convolution 1D").await?;
    shot(c, "conv1d-fr").await?;
    c.goto(&format!("{base}#/conv2d")).await?;
    wait_text(c, "h1", "Convolution 2D").await?;
    choose(c, "#conv2d-input", "shapes").await?;
    choose(c, "#conv2d-kernel", "1").await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    shot(c, "conv2d-fr").await?;
    choose(c, "#conv2d-input", "draw").await?;
    wait_text(c, "#conv2d-pad-empty", "Dessinez un chiffre").await?;
    stroke(c, "#conv2d-pad", &[(-30.0, -60.0), (20.0, -70.0), (10.0, 0.0), (-10.0, 70.0)]).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    c.set_window_size(1280, 720).await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    js(c, "document.querySelector('#conv2d-stage').scrollIntoView({ block: 'start' }); return 0")
        .await?;
    shot(c, "conv2d-fr-drawn-720").await?;
    assert_stage_fits(c, true).await?;
    js(c, "document.querySelector('#conv2d-flip').click(); return 0").await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    js(c, "document.querySelector('#conv2d-flip-note').scrollIntoView(); return 0").await?;
    shot(c, "conv2d-fr-flip-720").await?;
    c.set_window_size(768, 1024).await?;
    js(c, "document.querySelector('#conv2d-stage').scrollIntoView(); return 0").await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    shot(c, "conv2d-fr-drawn-768").await?;
    c.set_window_size(1280, 1500).await?;
    c.goto(&format!("{base}#/pooling")).await?;
    wait_text(c, "h1", "Sous-échantillonnage (pooling)").await?;
    shot(c, "pooling-fr").await?;
    choose(c, "#pool-input", "map13").await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    c.set_window_size(1280, 720).await?;
    js(c, "document.querySelector('#pool-scope').scrollIntoView(); return 0").await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    shot(c, "pooling-fr-map13-720").await?;
    c.set_window_size(1280, 1500).await?;
    c.goto(&format!("{base}#/dropout")).await?;
    wait_text(c, "h1", "Régularisation (dropout)").await?;
    shot(c, "dropout-fr").await?;
    c.find(Locator::Css("#present-toggle")).await?.click().await?;
    c.goto(&format!("{base}#/conv1d")).await?;
    wait_text(c, "h1", "Convolution 1D").await?;
    shot(c, "conv1d-fr-present").await?;
    c.find(Locator::Css("#present-toggle")).await?.click().await?;
    Ok(())
}

async fn tablet(c: &Client, base: &str) -> Res {
    step("tablet");
    // A 768-px tablet: no lab spills sideways.
    c.set_window_size(768, 1024).await?;
    for (path, h1) in [
        ("conv1d", "Convolution 1D"),
        ("conv2d", "Convolution 2D"),
        ("pooling", "Sous-échantillonnage (pooling)"),
        ("dropout", "Régularisation (dropout)"),
    ] {
        c.goto(&format!("{base}#/{path}")).await?;
        wait_text(c, "h1", h1).await?;
        let overflow = sideways_overflow(c).await?;
        assert_eq!(overflow, json!(0), "{path} overflows sideways at 768 px");
    }
    shot(c, "dropout-fr-tablet").await?;
    Ok(())
}

async fn conv2d_digit_to_lenet(c: &Client, base: &str) -> Res {
    step("conv2d: an MNIST digit shown to LeNet");
    c.set_window_size(1280, 1024).await?;
    c.goto(&format!("{base}#/conv2d")).await?;
    wait_text(c, "h1", "Convolution 2D").await?;
    choose(c, "#conv2d-input", "mnist").await?;
    c.wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("#conv2d-send-to-lenet"))
        .await?
        .click()
        .await?;
    wait_js(c, "return location.hash.startsWith('#/lenet')", "LeNet live opens").await?;
    // The digit is on the pad and predicted: ten probabilities that add up to 1.
    wait_js(
        c,
        "return document.querySelectorAll('#probs li').length === 10",
        "ten probabilities for the digit",
    )
    .await?;
    let sum = js(c, "return [...document.querySelectorAll('#probs li')].reduce((s, li) => s + +li.dataset.p, 0)").await?;
    assert!((sum.as_f64().unwrap_or(0.0) - 1.0).abs() < 1e-3, "probabilities sum to 1: {sum}");
    shot(c, "lenet-fr-from-conv2d").await?;
    Ok(())
}

/// Scrolls the 2D lab's stage to the top and checks that the pad (when drawn), the input
/// map, the output map and the arithmetic are all inside the viewport.
async fn assert_stage_fits(c: &Client, pad: bool) -> Res {
    let got = js(
        c,
        "document.querySelector('#conv2d-stage').scrollIntoView({ block: 'start' });
         const ids = ['#conv2d-input-map', '#conv2d-output', '#conv2d-arith'];
         if (arguments[0]) ids.push('#conv2d-pad');
         return ids.map(id => { const r = document.querySelector(id).getBoundingClientRect();
           return [id, r.left, r.top, r.right, r.bottom, innerWidth, innerHeight]; });"
            .replace("arguments[0]", if pad { "true" } else { "false" })
            .as_str(),
    )
    .await?;
    for row in got.as_array().ok_or("no rects")? {
        let v = |i: usize| row[i].as_f64().unwrap_or(f64::NAN);
        let (id, (l, t, r, b, w, h)) =
            (row[0].as_str().unwrap_or("?"), (v(1), v(2), v(3), v(4), v(5), v(6)));
        assert!(
            l >= -1.0 && t >= -1.0 && r <= w + 1.0 && b <= h + 1.0,
            "{id} is not all on the {w}×{h} screen: {l},{t} → {r},{b}"
        );
    }
    Ok(())
}

/// Picks each kernel in turn; for each, the time until the output map's values changed and
/// until the next animation frame after that (ms, measured in the page).
async fn measure(c: &Client, kernels: &[&str]) -> Res<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    for k in kernels {
        let script = format!(
            "const done = arguments[arguments.length - 1];
             const before = document.querySelector('#conv2d-output').dataset.values;
             const s = document.querySelector('#conv2d-kernel');
             const t0 = performance.now();
             s.value = '{k}'; s.dispatchEvent(new Event('change', {{ bubbles: true }}));
             const poll = () => {{
               if (document.querySelector('#conv2d-output').dataset.values !== before) {{
                 const t1 = performance.now();
                 requestAnimationFrame(() => done([t1 - t0, performance.now() - t0]));
               }} else setTimeout(poll, 0);
             }};
             poll();"
        );
        out.push(pair(c.execute_async(&script, vec![]).await?));
    }
    Ok(out)
}

async fn measure_edit(c: &Client, css: &str, value: &str) -> Res<(f64, f64)> {
    let script = format!(
        "const done = arguments[arguments.length - 1];
         const before = document.querySelector('#conv2d-output').dataset.values;
         const i = document.querySelector('{css}');
         const t0 = performance.now();
         i.value = '{value}'; i.dispatchEvent(new InputEvent('input', {{ bubbles: true }}));
         const poll = () => {{
           const now = document.querySelector('#conv2d-output').dataset.values;
           if (now !== before || performance.now() - t0 > 2000) {{
             const t1 = performance.now();
             requestAnimationFrame(() => done([t1 - t0, performance.now() - t0]));
           }} else setTimeout(poll, 0);
         }};
         poll();"
    );
    Ok(pair(c.execute_async(&script, vec![]).await?))
}

fn pair(v: serde_json::Value) -> (f64, f64) {
    let r = |i: usize| (v[i].as_f64().unwrap_or(f64::NAN) * 10.0).round() / 10.0;
    (r(0), r(1))
}
