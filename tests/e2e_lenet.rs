//! End-to-end, LeNet live: the real release `dist/` in headless Chromium. The worker starts
//! only on LeNet; it loads the digits and trains past 90 % test accuracy; a stroke drawn
//! with pointer actions gives ten probabilities summing to 1 and both steps of what the
//! network sees; a corrupt weights file is refused; refused settings block the start; the
//! run survives a visit to the 2D lab and is paused from the header; the status line's speed
//! agrees with the test's own clock; a digit of the evaluation goes to the pad; reset says
//! what it threw away; the trained weights are offered back after a reload; a diverged run
//! keeps its loss curve; missing worker and weights files are said plainly. Screenshots in
//! EN and FR under target/screenshots/ (look at them).
//!
//! `trunk build --release --public-url ./ && cargo test --test e2e_lenet -- --ignored --nocapture`
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::json;
use support::*;

/// The whole page in one picture (a tall window), then back to 1280×720.
async fn full_shot(c: &Client, name: &str) -> Res {
    let h = js(c, "return document.documentElement.scrollHeight").await?.as_f64().unwrap_or(3000.0);
    c.set_window_size(1280, h.min(6000.0) as u32 + 140).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    shot(c, name).await?;
    c.set_window_size(1280, 720).await?;
    Ok(())
}

/// The number in a `data-*` attribute of `css`.
async fn data_num(c: &Client, css: &str, attr: &str) -> Res<f64> {
    let v = js(
        c,
        &format!(
            "const e = document.querySelector('{css}'); return e ? Number(e.dataset.{attr}) : NaN"
        ),
    )
    .await?;
    Ok(v.as_f64().unwrap_or(f64::NAN))
}

/// Sets a field the way typing does (an `input` event).
async fn type_into(c: &Client, id: &str, value: &str) -> Res {
    js(c, &format!("const e = document.getElementById('{id}'); e.value = '{value}'; e.dispatchEvent(new Event('input', {{ bubbles: true }})); return 0")).await?;
    tokio::time::sleep(Duration::from_millis(100)).await;
    Ok(())
}

async fn start_disabled(c: &Client) -> Res<bool> {
    Ok(js(c, "return document.querySelector('#train-start').disabled").await? == json!(true))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn train_draw_and_refuse_a_corrupt_weights_file() -> Res {
    within(Duration::from_secs(500), run()).await
}

/// The scenario, one step after another in the same session: each step leaves the page (the
/// run, the weights, the language) as the next one expects it.
async fn run() -> Res {
    let b = Browser::open("lenet").await?;
    let c = &b.c;
    let base = b.base();

    home_page_does_not_start_the_worker(&b, &base).await?;
    open_the_lesson(c, &base).await?;
    draw_a_one(c).await?;
    corrupt_weights_file_refused(&b).await?;
    evaluate_the_pretrained_weights(c).await?;
    refused_settings_block_the_start(c).await?;
    train_and_pause_from_the_header(c).await?;
    resume_past_90_percent(c).await?;
    evaluate_and_send_a_mistake_to_the_pad(c).await?;
    reset_during_an_evaluation(c).await?;
    dropout_visible(c).await?;
    exploding_learning_rate(c).await?;
    reload_offers_the_trained_weights(c).await?;
    french(c).await?;
    large_type(c).await?;
    tablet_with_a_run_in_the_header(c).await?;
    clear_the_pad(c).await?;

    assert_same_origin(c).await?;
    assert_no_console_errors(&b.console_log().await?);
    b.close().await?;
    Ok(())
}

async fn home_page_does_not_start_the_worker(b: &Browser, base: &str) -> Res {
    step("the home page does not start the worker");
    let c = &b.c;
    c.goto(base).await?;
    wait_text(c, "#worker-status", "not started (it starts on the LeNet page)").await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let asked = b.asked();
    assert!(
        !asked.iter().any(|p| p.contains("worker") && !p.starts_with(PRECACHED)),
        "no worker outside LeNet: {asked:?}"
    );
    Ok(())
}

async fn open_the_lesson(c: &Client, base: &str) -> Res {
    step("open the lesson (EN)");
    c.goto(&format!("{base}#/lenet")).await?;
    wait_text(c, "h1", "LeNet, live").await?;
    wait_text(c, "#worker-status", "ready").await?;
    // Before drawing: no prediction, an invitation.
    wait_text(c, "#probs-empty", "Draw a digit").await?;
    // The worker fetched the digits itself (absolute URL) and said so.
    wait_js_within(
        c,
        "return !document.querySelector('#train-start').disabled",
        Duration::from_secs(60),
        "digits loaded",
    )
    .await?;
    wait_text(c, "#train-status", "Ready to train.").await?;
    wait_text(c, "#weights-source", "Weights: pretrained (98.6% on the test digits).").await?;
    assert_eq!(
        js(c, "return document.querySelector('#total-params').textContent").await?,
        json!("81194")
    );
    Ok(())
}

async fn draw_a_one(c: &Client) -> Res {
    step("draw a 1 with the pretrained weights: 28×28, then 32×32");
    stroke(c, "#pad", &[(5.0, -80.0), (0.0, 0.0), (-5.0, 80.0)]).await?;
    wait_js_within(
        c,
        "return document.querySelectorAll('#probs li').length === 10",
        Duration::from_secs(10),
        "ten bars",
    )
    .await?;
    let p = probs(c).await?;
    assert_eq!(p.len(), 10);
    let sum: f64 = p.iter().sum();
    assert!((sum - 1.0).abs() < 1e-3, "probabilities sum to {sum}: {p:?}");
    let best = (0..10).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap();
    assert_eq!(best, 1, "a vertical stroke is a 1 for the pretrained LeNet: {p:?}");
    // Both steps: the MNIST-style 28×28, then the bordered 32×32 the network takes.
    assert_eq!(
        js(c, "const a = document.querySelector('.lenet-seen canvas.seen-28'), b = document.querySelector('.lenet-seen canvas.seen-32'); return [a && a.width, a && a.height, b && b.width, b && b.height]").await?,
        json!([28, 28, 32, 32])
    );
    // Every layer's maps are drawn: 6 + 6 + 16 + 16 channels, plus the dense layers.
    let maps =
        js(c, "return document.querySelectorAll('.inside-layers .fmaps-grid canvas').length")
            .await?;
    assert_eq!(maps, json!(44));
    shot(c, "lenet-en-drawn").await?;
    full_shot(c, "lenet-en-full").await?;
    Ok(())
}

async fn corrupt_weights_file_refused(b: &Browser) -> Res {
    step("a corrupt weights file is refused, the model stays");
    let c = &b.c;
    let bad = b.profile.join("corrupt.weights");
    std::fs::write(&bad, b"CNVL\x01 this is not a weights file at all")?;
    let before = probs(c).await?;
    c.find(Locator::Css("#weights-file")).await?.send_keys(&bad.display().to_string()).await?;
    wait_js_within(
        c,
        "return !!document.querySelector('#weights-msg.error')",
        Duration::from_secs(10),
        "error message",
    )
    .await?;
    let msg = text_of(c, "#weights-msg").await?;
    assert!(msg.starts_with("This file is not usable, the current model is kept:"), "{msg}");
    assert_eq!(probs(c).await?, before, "the model is unchanged");
    assert_eq!(
        text_of(c, "#weights-source").await?,
        "Weights: pretrained (98.6% on the test digits)."
    );

    step("a weights file of a network the page cannot take is refused, saying what differs");
    let other = convolab::nn::Sequential::<f32>::new(
        &[28, 28, 1],
        &convolab::nn::Architecture::parse("Conv2D(4,3,relu)-Flatten-Dense(5,softmax)")?.layers,
        &mut convolab::nn::rng_from_seed(1),
    )?;
    let file = b.profile.join("other.weights");
    std::fs::write(&file, other.save_weights())?;
    c.find(Locator::Css("#weights-file")).await?.send_keys(&file.display().to_string()).await?;
    wait_js_within(
        c,
        "return (document.querySelector('#weights-msg.error') || {}).textContent.includes('28×28')",
        Duration::from_secs(10),
        "the other network's message",
    )
    .await?;
    let msg = text_of(c, "#weights-msg").await?;
    assert!(msg.contains("reads 28×28×1 and gives 5 outputs"), "{msg}");
    assert!(msg.contains("The current network is kept."), "{msg}");
    assert_eq!(probs(c).await?, before, "the model is unchanged");
    Ok(())
}

async fn evaluate_the_pretrained_weights(c: &Client) -> Res {
    step("evaluating the pretrained weights creates no paused run");
    c.find(Locator::Css("#evaluate")).await?.click().await?;
    wait_js_within(
        c,
        "return !!document.querySelector('#confusion')",
        Duration::from_secs(30),
        "confusion matrix",
    )
    .await?;
    wait_text(c, "#train-status", "Ready to train.").await?;
    assert_eq!(js(c, "return [document.querySelector('#train-resume').disabled, document.querySelector('#train-status').dataset.phase]").await?, json!([true, "idle"]));
    let acc = text_of(c, "#eval-acc").await?;
    assert!(acc.starts_with("Test accuracy: 98."), "the pretrained network's own accuracy: {acc}");
    Ok(())
}

async fn refused_settings_block_the_start(c: &Client) -> Res {
    step("refused settings block the start");
    type_into(c, "set-lr", "abc").await?;
    type_into(c, "set-batch", "0").await?;
    assert!(start_disabled(c).await?, "Start stays disabled while a field is refused");
    assert_eq!(
        text_of(c, "#set-lr-error").await?,
        "Not a number. Allowed: above 0, at most 10 (e.g. 0.001)."
    );
    js(c, "document.querySelector('#train-title').scrollIntoView(); return 0").await?;
    shot(c, "lenet-en-refused").await?;
    type_into(c, "set-lr", "0,001").await?;
    assert!(start_disabled(c).await?, "the batch size is still refused");
    type_into(c, "set-batch", "32").await?;
    assert!(!start_disabled(c).await?, "every field accepted");
    // Long enough to still be running after the ~10 s of checks below on a fast machine.
    type_into(c, "set-epochs", "30").await?;
    js(c, "window.scrollTo(0, 0); return 0").await?;
    Ok(())
}

async fn train_and_pause_from_the_header(c: &Client) -> Res {
    step("train; the run survives a visit to the 2D lab, paused from the header");
    c.find(Locator::Css("#train-start")).await?.click().await?;
    wait_text(c, "#train-status", "Training…").await?;
    wait_js_within(
        c,
        "return !!document.querySelector('#run-indicator')",
        Duration::from_secs(5),
        "header indicator",
    )
    .await?;
    let s1 = speed_shown_is_the_clocks(c).await?;
    shot(c, "lenet-en-training").await?;
    c.find(Locator::Css("nav.mainnav a[href$='#/conv2d']")).await?.click().await?;
    wait_js_within(
        c,
        "return !document.querySelector('#train-status')",
        Duration::from_secs(5),
        "left LeNet",
    )
    .await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        js(c, "return document.querySelector('#run-indicator').dataset.phase").await?,
        json!("training")
    );
    shot(c, "conv2d-en-run-indicator").await?;
    c.find(Locator::Css("#run-indicator-toggle")).await?.click().await?;
    wait_js_within(
        c,
        "return document.querySelector('#run-indicator').dataset.phase === 'paused'",
        Duration::from_secs(10),
        "paused from the header",
    )
    .await?;
    assert_eq!(text_of(c, "#run-indicator-toggle").await?, "Resume");
    c.find(Locator::Css("#lang-fr")).await?.click().await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    shot(c, "conv2d-fr-run-indicator").await?;
    c.find(Locator::Css("#lang-en")).await?.click().await?;
    c.find(Locator::Css("nav.mainnav a[href$='#/lenet']")).await?.click().await?;
    wait_text(c, "#train-status", "Paused.").await?;
    let seen = data_num(c, "#train-seen", "seen").await?;
    assert!(seen >= s1, "the same run came back: {seen} examples (had {s1})");
    let points = js(c, "return document.querySelector('#chart-loss').dataset.points").await?;
    assert!(
        points.as_str().and_then(|p| p.parse::<u32>().ok()).unwrap_or(0) > 10,
        "the charts came back: {points}"
    );
    wait_text(c, "#weights-source", "Weights: from the paused run.").await?;
    // Paused: the weights are kept in the browser.
    assert_eq!(
        js(c, "return (localStorage.getItem('convolab.lenet.weights') || '').length > 400000")
            .await?,
        json!(true)
    );
    Ok(())
}

/// The status line's speed against this test's own clock (evaluations included), training;
/// returns how many examples were seen at the end of the measure.
async fn speed_shown_is_the_clocks(c: &Client) -> Res<f64> {
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (s0, t0) = (data_num(c, "#train-seen", "seen").await?, Instant::now());
    tokio::time::sleep(Duration::from_secs(5)).await;
    let (s1, t1) = (data_num(c, "#train-seen", "seen").await?, Instant::now());
    let measured = (s1 - s0) / (t1 - t0).as_secs_f64();
    let shown = data_num(c, "#train-rate", "rate").await?;
    let training_only =
        data_num(c, "#train-seen", "seen").await? / data_num(c, "#train-seen", "secs").await?;
    eprintln!(
        "e2e: speed shown {shown:.0} ex/s, by the test's clock {measured:.0} ex/s, training steps only {training_only:.0} ex/s"
    );
    assert!(
        (shown / measured - 1.0).abs() < 0.3,
        "the speed shown ({shown:.0}/s) is the clock's ({measured:.0}/s)"
    );
    Ok(s1)
}

async fn resume_past_90_percent(c: &Client) -> Res {
    step("resume from the header, past 90 % test accuracy");
    c.find(Locator::Css("#run-indicator-toggle")).await?.click().await?;
    wait_text(c, "#train-status", "Training…").await?;
    wait_js_within(
        c,
        "const a = Number(document.querySelector('#test-acc').dataset.acc); return a > 0.9",
        Duration::from_secs(180),
        "test accuracy above 90 %",
    )
    .await?;
    let acc = text_of(c, "#test-acc").await?;
    eprintln!("e2e: test accuracy on screen {acc}");
    wait_text(c, "#weights-source", "Weights: from the training in progress.").await?;
    let p = probs(c).await?;
    assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-3);
    c.find(Locator::Css("#train-pause")).await?.click().await?;
    wait_text(c, "#train-status", "Paused.").await?;
    shot(c, "lenet-en-paused").await?;
    Ok(())
}

async fn evaluate_and_send_a_mistake_to_the_pad(c: &Client) -> Res {
    step("evaluate; a mistake goes to the pad and is predicted as the worker did");
    c.find(Locator::Css("#evaluate")).await?.click().await?;
    wait_js_within(
        c,
        "return !!document.querySelector('#worst .digit-card')",
        Duration::from_secs(30),
        "worst mistakes",
    )
    .await?;
    wait_text(c, "#train-status", "Paused.").await?;
    let total = js(c, "return [...document.querySelectorAll('#confusion td button')].reduce((s, b) => s + Number(b.textContent), 0)").await?;
    assert_eq!(total, json!(2000));
    c.find(Locator::Css("#cell-7-7")).await?.click().await?;
    wait_js_within(
        c,
        "return document.querySelectorAll('.cell-digits .digit-card').length > 0",
        Duration::from_secs(5),
        "cell digits",
    )
    .await?;
    js(c, "document.querySelector('#eval-title').scrollIntoView(); return 0").await?;
    shot(c, "lenet-en-evaluation").await?;
    let card = js(c, "const c = document.querySelector('#worst .digit-card'); return [Number(c.dataset.pred), Number(c.dataset.label)]").await?;
    c.find(Locator::Css("#worst .digit-card .to-pad")).await?.click().await?;
    wait_js_within(c, "return !!document.querySelector('#pad[data-picture]') && document.querySelectorAll('#probs li').length === 10", Duration::from_secs(5), "digit on the pad").await?;
    let p = probs(c).await?;
    let best = (0..10).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap();
    assert_eq!(
        json!(best),
        card[0],
        "the page predicts the sent digit as the worker did (card {card})"
    );
    js(c, "window.scrollTo(0, 0); return 0").await?;
    shot(c, "lenet-en-sent-to-pad").await?;
    Ok(())
}

async fn reset_during_an_evaluation(c: &Client) -> Res {
    step("reset during an evaluation says what it threw away");
    js(c, "document.querySelector('#evaluate').click(); document.querySelector('#train-reset').click(); return 0").await?;
    wait_js_within(
        c,
        "return !!document.querySelector('#train-notice')",
        Duration::from_secs(5),
        "reset notice",
    )
    .await?;
    let notice = text_of(c, "#train-notice").await?;
    assert!(
        notice.starts_with("Reset: the run (")
            && notice.contains("examples, test accuracy")
            && notice.contains("and the evaluation in progress were thrown away."),
        "{notice}"
    );
    wait_text(c, "#train-status", "Ready to train.").await?;
    wait_text(c, "#weights-source", "Weights: pretrained (98.6% on the test digits).").await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(
        js(c, "return document.querySelector('#train-status').dataset.phase").await?,
        json!("idle"),
        "the late evaluation did not revive anything"
    );
    Ok(())
}

async fn dropout_visible(c: &Client) -> Res {
    step("dropout, visible");
    // The network editor's preset: the course's LeNet with Dropout(0.5) after each hidden
    // dense layer (the form's dropout switch of before).
    choose(c, "#arch-preset", "dropout").await?;
    wait_js(
        c,
        "return document.querySelectorAll('#arch-layers li[data-kind=Dropout]').length === 2",
        "two dropout layers",
    )
    .await?;
    c.find(Locator::Css("#train-start")).await?.click().await?;
    wait_js_within(
        c,
        "return document.querySelectorAll('#units-120 .unit').length === 120",
        Duration::from_secs(20),
        "dropout mask",
    )
    .await?;
    let off = js(c, "return document.querySelectorAll('#units-120 .unit.off').length")
        .await?
        .as_u64()
        .unwrap_or(0);
    assert!((20..=100).contains(&off), "about half of 120 units dropped at rate 0.5: {off}");
    js(c, "document.querySelector('#dropout-title').scrollIntoView(); return 0").await?;
    shot(c, "lenet-en-dropout").await?;
    // The weights kept on pause are offered back after the reload with their test
    // accuracy: let the run reach its first test (1,000 examples) whatever the machine's load.
    wait_js_within(
        c,
        "return document.querySelector('#test-acc').dataset.acc !== ''",
        Duration::from_secs(60),
        "the dropout run's first test",
    )
    .await?;
    c.find(Locator::Css("#train-pause")).await?.click().await?;
    wait_text(c, "#train-status", "Paused.").await?;
    Ok(())
}

async fn exploding_learning_rate(c: &Client) -> Res {
    step("an exploding learning rate stops training; the loss curve stays");
    js(c, "window.scrollTo(0, 0); return 0").await?;
    js(c, "for (const [id, v] of [['set-optimizer', 'sgd'], ['set-lr', '10']]) { const e = document.getElementById(id); e.value = v; e.dispatchEvent(new Event('change', { bubbles: true })); } return 0").await?;
    c.find(Locator::Css("#train-start")).await?.click().await?;
    wait_js_within(c, "return document.querySelector('#train-status').textContent.startsWith('Training stopped: the loss exploded')", Duration::from_secs(30), "divergence message").await?;
    let points = js(c, "return document.querySelector('#chart-loss').dataset.points").await?;
    assert!(
        points.as_str().and_then(|p| p.parse::<u32>().ok()).unwrap_or(0) >= 2,
        "the loss chart keeps its points: {points}"
    );
    js(c, "document.querySelector('#train-status').scrollIntoView(); return 0").await?;
    shot(c, "lenet-en-diverged").await?;
    c.find(Locator::Css("#train-reset")).await?.click().await?;
    wait_text(c, "#train-status", "Ready to train.").await?;
    Ok(())
}

async fn reload_offers_the_trained_weights(c: &Client) -> Res {
    step("a reload offers the last trained weights back; the settings come back from the address");
    c.refresh().await?;
    wait_text(c, "h1", "LeNet, live").await?;
    wait_js(c, "return document.querySelector('#set-lr').value === '10' && document.querySelector('#set-optimizer').value === 'sgd'", "the link's settings").await?;
    js(c, "for (const [id, v] of [['set-optimizer', 'adam'], ['set-lr', '0.001']]) { const e = document.getElementById(id); e.value = v; e.dispatchEvent(new Event(id === 'set-lr' ? 'input' : 'change', { bubbles: true })); } return 0").await?;
    wait_js(
        c,
        "return location.hash.includes('opt=adam') && location.hash.includes('lr=0.001')",
        "the address follows the form",
    )
    .await?;
    wait_js_within(
        c,
        "return !!document.querySelector('#weights-restore')",
        Duration::from_secs(10),
        "restore offered",
    )
    .await?;
    let label = text_of(c, "#weights-restore").await?;
    assert!(
        label.starts_with("Restore the last trained weights (20") && label.contains('%'),
        "{label}"
    );
    wait_text(c, "#weights-source", "Weights: pretrained (98.6% on the test digits).").await?;
    c.find(Locator::Css("#weights-restore")).await?.click().await?;
    let src = text_of(c, "#weights-source").await?;
    assert!(
        src.starts_with("Weights: the last trained ones, restored from this browser ("),
        "{src}"
    );
    js(c, "document.querySelector('#weights-title').scrollIntoView(); return 0").await?;
    shot(c, "lenet-en-restored").await?;
    Ok(())
}

async fn french(c: &Client) -> Res {
    step("French");
    c.find(Locator::Css("#lang-fr")).await?.click().await?;
    wait_text(c, "h1", "LeNet en direct").await?;
    wait_text(c, "#train-status", "Prêt à entraîner.").await?;
    c.find(Locator::Css("#weights-pretrained")).await?.click().await?;
    c.find(Locator::Css("#evaluate")).await?.click().await?;
    wait_js_within(
        c,
        "return !!document.querySelector('#eval-acc')",
        Duration::from_secs(30),
        "evaluation",
    )
    .await?;
    let acc = text_of(c, "#eval-acc").await?;
    let raw = js(c, "return document.querySelector('#eval-acc').textContent").await?;
    assert!(acc.starts_with("Exactitude en test : 98,"), "{acc}");
    assert!(raw.as_str().unwrap_or("").ends_with("\u{a0}%"), "a no-break space before %: {raw}");
    js(c, "window.scrollTo(0, 0); return 0").await?;
    shot(c, "lenet-fr").await?;
    js(c, "document.querySelector('#inside-title').scrollIntoView(); return 0").await?;
    shot(c, "lenet-fr-inside").await?;
    full_shot(c, "lenet-fr-full").await?;
    Ok(())
}

async fn large_type(c: &Client) -> Res {
    step("large type");
    c.find(Locator::Css("#present-toggle")).await?.click().await?;
    js(c, "window.scrollTo(0, 0); return 0").await?;
    full_shot(c, "lenet-fr-present").await?;
    c.find(Locator::Css("#present-toggle")).await?.click().await?;
    Ok(())
}

async fn tablet_with_a_run_in_the_header(c: &Client) -> Res {
    step("tablet, with a run in the header");
    c.find(Locator::Css("#train-start")).await?.click().await?;
    wait_js_within(
        c,
        "return !!document.querySelector('#run-indicator')",
        Duration::from_secs(10),
        "header indicator",
    )
    .await?;
    c.set_window_size(768, 1024).await?;
    js(c, "window.scrollTo(0, 0); return 0").await?;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let overflow = sideways_overflow(c).await?;
    assert_eq!(overflow, json!(0), "LeNet live overflows sideways at 768 px");
    shot(c, "lenet-fr-tablet").await?;
    c.find(Locator::Css("#run-indicator-toggle")).await?.click().await?;
    wait_text(c, "#train-status", "En pause.").await?;
    c.set_window_size(1280, 720).await?;
    Ok(())
}

async fn clear_the_pad(c: &Client) -> Res {
    step("clear the pad");
    js(c, "window.scrollTo(0, 0); return 0").await?;
    c.find(Locator::Css(".drawpad-clear")).await?.click().await?;
    wait_text(c, "#probs-empty", "Dessinez un chiffre").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn missing_worker_and_weights_files_are_said_plainly() -> Res {
    within(Duration::from_secs(120), missing_files()).await
}

/// A copy of dist/ where the worker's script and the pretrained weights are missing (a
/// school proxy that blocks them, a half-copied USB stick).
fn crippled_dist() -> Res<std::path::PathBuf> {
    let src = dist_dir()?;
    let dst = tempdir("crippled-dist");
    copy_dir(&src, &dst, &|_| true)?;
    std::fs::remove_file(dst.join("worker.js"))?;
    std::fs::remove_file(dst.join("static/data/lenet.weights"))?;
    Ok(dst)
}

async fn missing_files() -> Res {
    let b = Browser::open_on(crippled_dist()?, "lenet-missing").await?;
    let c = &b.c;
    c.goto(&format!("{}#/lenet", b.base())).await?;
    wait_text(c, "h1", "LeNet, live").await?;
    step("no weights: the pad says so and why");
    wait_text(c, "#weights-source", "No weights loaded: the pretrained weights file could not be downloaded (network or server). Train the network or load a weights file.").await?;
    step("no worker: the page and the footer say the same");
    wait_js_within(c, "return document.querySelector('#train-status').textContent.startsWith('The background computation did not start')", Duration::from_secs(30), "worker failure").await?;
    wait_text(c, "#worker-status", "did not start: training is unavailable").await?;
    assert!(start_disabled(c).await?);
    // Drawing still works, without weights: an invitation, no crash.
    stroke(c, "#pad", &[(5.0, -80.0), (0.0, 0.0), (-5.0, 80.0)]).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(js(c, "return document.querySelectorAll('#probs li').length").await? == json!(0));
    // The two preprocessing steps need no weights: they show.
    wait_js_within(c, "return !!document.querySelector('canvas.seen-28') && !!document.querySelector('canvas.seen-32')", Duration::from_secs(5), "the two steps without weights").await?;
    assert_eq!(
        text_of(c, "#probs-empty").await?,
        "No weights loaded: nothing to predict with (the two images above need none)."
    );
    js(c, "document.querySelector('#train-title').scrollIntoView(); return 0").await?;
    shot(c, "lenet-en-missing-files").await?;
    // The browser reports the two missing files; nothing else is an error (no uncaught
    // exception in the page).
    let log = b.console_log().await?;
    let severe: Vec<_> = log
        .iter()
        .filter(|(lvl, m)| {
            lvl == "SEVERE"
                && !(m.contains("404") && (m.contains("worker.js") || m.contains("lenet.weights")))
        })
        .collect();
    assert!(severe.is_empty(), "console errors besides the two missing files: {severe:#?}");
    b.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn two_workers_share_the_training() -> Res {
    within(Duration::from_secs(240), two_workers()).await
}

/// Data-parallel training in the real browser: the trainer starts a helper (a nested
/// worker from its own script), the run says it trains on 2 cores and learns.
async fn two_workers() -> Res {
    let b = Browser::open("lenet-workers").await?;
    let c = &b.c;
    c.goto(&format!("{}#/lenet", b.base())).await?;
    wait_text(c, "h1", "LeNet, live").await?;
    wait_js_within(
        c,
        "return !document.querySelector('#train-start').disabled",
        Duration::from_secs(60),
        "digits loaded",
    )
    .await?;

    step("the default is one worker per core, less one for the page (1 to 8)");
    assert_eq!(
        js(c, "return document.getElementById('set-workers').value === String(Math.min(8, Math.max(1, (navigator.hardwareConcurrency || 1) - 1)))").await?,
        json!(true)
    );
    type_into(c, "set-workers", "9").await?;
    assert!(start_disabled(c).await?, "9 workers are refused");
    assert_eq!(text_of(c, "#set-workers-error").await?, "Too large: at most 8.");

    step("train on 2 workers: the status says 2 cores, and the network learns");
    type_into(c, "set-workers", "2").await?;
    assert!(!start_disabled(c).await?);
    c.find(Locator::Css("#train-start")).await?.click().await?;
    wait_js_within(
        c,
        "const w = document.getElementById('train-workers'); return !!w && w.dataset.workers === '2' && document.getElementById('train-status').dataset.phase === 'training'",
        Duration::from_secs(60),
        "training on 2 workers",
    )
    .await?;
    assert!(
        text_of(c, "#train-workers").await?.contains("on 2 cores"),
        "{}",
        text_of(c, "#train-workers").await?
    );
    wait_js_within(
        c,
        "return Number(document.getElementById('test-acc').dataset.acc || 0) > 0.85",
        Duration::from_secs(120),
        "test accuracy above 85 % on 2 workers",
    )
    .await?;
    let rate =
        data_num(c, "#train-seen", "seen").await? / data_num(c, "#train-seen", "secs").await?;
    eprintln!("e2e: 2 workers, training steps only {rate:.0} ex/s");
    shot(c, "lenet-en-two-workers").await?;
    c.find(Locator::Css("#train-pause")).await?.click().await?;
    wait_js_within(
        c,
        "return document.getElementById('train-status').dataset.phase === 'paused'",
        Duration::from_secs(20),
        "paused",
    )
    .await?;
    assert_eq!(
        js(c, "return !document.getElementById('train-error')").await?,
        json!(true),
        "no helper was lost"
    );
    b.close().await?;
    Ok(())
}
