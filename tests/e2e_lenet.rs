//! End-to-end, LeNet live: the real release `dist/` in headless Chromium. The worker loads
//! the digits and trains past 90 % test accuracy; a stroke drawn with pointer actions gives
//! ten probabilities summing to 1; a corrupt weights file is refused with a message and the
//! model stays; screenshots in EN and FR under target/screenshots/ (look at them).
//!
//! `trunk build --release --public-url ./ && cargo test --test e2e_lenet -- --ignored --nocapture`
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::{Duration, Instant};

use fantoccini::Locator;
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use serde_json::{Value, json};
use support::*;

/// The ten probabilities on screen (`data-p` of `#prob-0..9`).
async fn probs(c: &fantoccini::Client) -> Res<Vec<f64>> {
    let v = js(
        c,
        "return [...document.querySelectorAll('#probs li')].map(li => Number(li.dataset.p))",
    )
    .await?;
    Ok(v.as_array()
        .ok_or("no list")?
        .iter()
        .filter_map(Value::as_f64)
        .collect())
}

/// Waits until `script` returns `true`.
async fn wait_js(c: &fantoccini::Client, script: &str, limit: Duration, what: &str) -> Res {
    let start = Instant::now();
    while start.elapsed() < limit {
        if js(c, script).await? == json!(true) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Err(format!("{what}: not within {limit:?}").into())
}

/// The whole page in one picture (a tall window), then back to 1280×720.
async fn full_shot(c: &fantoccini::Client, name: &str) -> Res {
    let h = js(c, "return document.documentElement.scrollHeight")
        .await?
        .as_f64()
        .unwrap_or(3000.0);
    c.set_window_size(1280, h.min(6000.0) as u32 + 140).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    shot(c, name).await?;
    c.set_window_size(1280, 720).await?;
    Ok(())
}

/// A stroke drawn as a student would, with pointer actions: down, several moves, up.
async fn stroke(c: &fantoccini::Client, points: &[(f64, f64)]) -> Res {
    let pad = c.find(Locator::Css("#pad")).await?;
    let (x0, y0) = points[0];
    let mut a = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element: pad,
            duration: None,
            x: x0,
            y: y0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        });
    let mut prev = (x0, y0);
    for &(x, y) in &points[1..] {
        // Small steps, like a real pointer stream.
        for k in 1..=4 {
            let _ = k;
            a = a.then(PointerAction::MoveBy {
                duration: Some(Duration::from_millis(10)),
                x: (x - prev.0) / 4.0,
                y: (y - prev.1) / 4.0,
            });
        }
        prev = (x, y);
    }
    a = a.then(PointerAction::Up {
        button: MOUSE_BUTTON_LEFT,
    });
    c.perform_actions(a).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn train_draw_and_refuse_a_corrupt_weights_file() -> Res {
    within(Duration::from_secs(400), run()).await
}

async fn run() -> Res {
    let server = start_server(dist_dir()?);
    let driver = start_driver()?;
    let profile = tempdir("lenet");
    let c = open_browser(&driver, &profile).await?;
    let session = c.session_id().await?.ok_or("no session id")?;
    let base = format!("http://127.0.0.1:{}{SUB}", server.port);

    step("open the lesson (EN)");
    c.goto(&format!("{base}#/lenet")).await?;
    wait_text(&c, "h1", "LeNet, live").await?;
    wait_text(&c, "#worker-status", "ready").await?;
    // Before drawing: no prediction, an invitation.
    wait_text(&c, "#probs-empty", "Draw a digit").await?;
    // The worker fetched the digits itself (absolute URL) and said so.
    wait_js(
        &c,
        "return !document.querySelector('#train-start').disabled",
        Duration::from_secs(60),
        "digits loaded",
    )
    .await?;
    wait_text(&c, "#train-status", "Ready to train.").await?;
    assert_eq!(
        js(
            &c,
            "return document.querySelector('#total-params').textContent"
        )
        .await?,
        json!("81194")
    );

    step("draw a 1 with the pretrained weights");
    stroke(&c, &[(5.0, -80.0), (0.0, 0.0), (-5.0, 80.0)]).await?;
    wait_js(
        &c,
        "return document.querySelectorAll('#probs li').length === 10",
        Duration::from_secs(10),
        "ten bars",
    )
    .await?;
    let p = probs(&c).await?;
    assert_eq!(p.len(), 10);
    let sum: f64 = p.iter().sum();
    assert!(
        (sum - 1.0).abs() < 1e-3,
        "probabilities sum to {sum}: {p:?}"
    );
    let best = (0..10).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap();
    assert_eq!(
        best, 1,
        "a vertical stroke is a 1 for the pretrained LeNet: {p:?}"
    );
    // Every layer's maps are drawn: 6 + 6 + 16 + 16 channels, plus the dense layers.
    let maps = js(
        &c,
        "return document.querySelectorAll('.inside-layers .fmaps-grid canvas').length",
    )
    .await?;
    assert_eq!(maps, json!(44));
    shot(&c, "lenet-en-drawn").await?;
    full_shot(&c, "lenet-en-full").await?;

    step("a corrupt weights file is refused, the model stays");
    let bad = profile.join("corrupt.weights");
    std::fs::write(&bad, b"CNVL\x01 this is not a weights file at all")?;
    let before = probs(&c).await?;
    c.find(Locator::Css("#weights-file"))
        .await?
        .send_keys(&bad.display().to_string())
        .await?;
    wait_js(
        &c,
        "return !!document.querySelector('#weights-msg.error')",
        Duration::from_secs(10),
        "error message",
    )
    .await?;
    let msg = c.find(Locator::Css("#weights-msg")).await?.text().await?;
    assert!(
        msg.starts_with("This file is not usable, the current model is kept:"),
        "{msg}"
    );
    assert_eq!(probs(&c).await?, before, "the model is unchanged");
    assert_eq!(
        js(
            &c,
            "return document.querySelector('#weights-source').textContent"
        )
        .await?,
        json!("Weights: pretrained (98.6 % on the test digits).")
    );

    step("train past 90 % test accuracy");
    c.find(Locator::Css("#train-start")).await?.click().await?;
    wait_text(&c, "#train-status", "Training…").await?;
    tokio::time::sleep(Duration::from_secs(3)).await;
    shot(&c, "lenet-en-training").await?;
    wait_js(
        &c,
        "const a = Number(document.querySelector('#test-acc').dataset.acc); return a > 0.9",
        Duration::from_secs(180),
        "test accuracy above 90 %",
    )
    .await?;
    let acc = js(&c, "return document.querySelector('#test-acc').textContent").await?;
    eprintln!("e2e: test accuracy on screen {acc}");
    // The pad now follows the training weights, and still sums to 1.
    wait_text(
        &c,
        "#weights-source",
        "Weights: from the training in progress.",
    )
    .await?;
    let p = probs(&c).await?;
    assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-3);
    // The page stayed responsive: pause answers at once.
    c.find(Locator::Css("#train-pause")).await?.click().await?;
    wait_text(&c, "#train-status", "Paused.").await?;
    shot(&c, "lenet-en-paused").await?;

    step("evaluate: confusion matrix, a cell's digits");
    c.find(Locator::Css("#evaluate")).await?.click().await?;
    wait_js(
        &c,
        "return !!document.querySelector('#confusion')",
        Duration::from_secs(30),
        "confusion matrix",
    )
    .await?;
    let total = js(&c, "return [...document.querySelectorAll('#confusion td button')].reduce((s, b) => s + Number(b.textContent), 0)").await?;
    assert_eq!(total, json!(2000));
    c.find(Locator::Css("#cell-7-7")).await?.click().await?;
    wait_js(
        &c,
        "return document.querySelectorAll('.cell-digits .digit-card').length > 0",
        Duration::from_secs(5),
        "cell digits",
    )
    .await?;
    js(
        &c,
        "document.querySelector('#eval-title').scrollIntoView(); return 0",
    )
    .await?;
    shot(&c, "lenet-en-evaluation").await?;

    step("dropout, visible");
    c.find(Locator::Css("#set-dropout")).await?.click().await?;
    c.find(Locator::Css("#train-start")).await?.click().await?;
    wait_js(
        &c,
        "return document.querySelectorAll('#units-120 .unit').length === 120",
        Duration::from_secs(20),
        "dropout mask",
    )
    .await?;
    let off = js(
        &c,
        "return document.querySelectorAll('#units-120 .unit.off').length",
    )
    .await?
    .as_u64()
    .unwrap_or(0);
    assert!(
        (20..=100).contains(&off),
        "about half of 120 units dropped at rate 0.5: {off}"
    );
    js(
        &c,
        "document.querySelector('#dropout-title').scrollIntoView(); return 0",
    )
    .await?;
    shot(&c, "lenet-en-dropout").await?;
    c.find(Locator::Css("#train-pause")).await?.click().await?;
    wait_text(&c, "#train-status", "Paused.").await?;

    step("an exploding learning rate stops training with a message");
    js(&c, "window.scrollTo(0, 0); return 0").await?;
    js(&c, "for (const [id, v] of [['set-optimizer', 'sgd'], ['set-lr', '10']]) { const e = document.getElementById(id); e.value = v; e.dispatchEvent(new Event('change', { bubbles: true })); } return 0").await?;
    c.find(Locator::Css("#train-start")).await?.click().await?;
    wait_js(&c, "return document.querySelector('#train-status').textContent.startsWith('Training stopped: the loss exploded')", Duration::from_secs(30), "divergence message").await?;
    js(
        &c,
        "document.querySelector('#train-status').scrollIntoView(); return 0",
    )
    .await?;
    shot(&c, "lenet-en-diverged").await?;
    c.find(Locator::Css("#train-reset")).await?.click().await?;
    wait_text(&c, "#train-status", "Ready to train.").await?;
    wait_text(
        &c,
        "#weights-source",
        "Weights: pretrained (98.6 % on the test digits).",
    )
    .await?;

    step("French");
    c.find(Locator::Css("#lang-fr")).await?.click().await?;
    wait_text(&c, "h1", "LeNet en direct").await?;
    wait_text(&c, "#train-status", "Prêt à entraîner.").await?;
    js(&c, "window.scrollTo(0, 0); return 0").await?;
    shot(&c, "lenet-fr").await?;
    js(
        &c,
        "document.querySelector('#inside-title').scrollIntoView(); return 0",
    )
    .await?;
    shot(&c, "lenet-fr-inside").await?;
    full_shot(&c, "lenet-fr-full").await?;
    step("large type");
    c.find(Locator::Css("#present-toggle"))
        .await?
        .click()
        .await?;
    js(&c, "window.scrollTo(0, 0); return 0").await?;
    full_shot(&c, "lenet-fr-present").await?;
    c.find(Locator::Css("#present-toggle"))
        .await?
        .click()
        .await?;

    step("tablet");
    c.set_window_size(768, 1024).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let overflow = js(
        &c,
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
    )
    .await?;
    assert_eq!(
        overflow,
        json!(0),
        "LeNet live overflows sideways at 768 px"
    );
    shot(&c, "lenet-fr-tablet").await?;
    c.set_window_size(1280, 720).await?;

    step("clear the pad");
    js(&c, "window.scrollTo(0, 0); return 0").await?;
    c.find(Locator::Css(".drawpad-clear"))
        .await?
        .click()
        .await?;
    wait_text(&c, "#probs-empty", "Dessinez un chiffre").await?;

    assert_same_origin(&c).await?;
    assert_no_console_errors(&console_log(&driver, &session)?);
    c.close().await?;
    Ok(())
}
