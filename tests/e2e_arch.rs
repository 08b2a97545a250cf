//! End-to-end, "Your network" on LeNet live: the real release `dist/` in headless Chromium,
//! in English and in French. A link with a network opens it in the editor; a network is
//! built by clicking and with the keyboard (add a convolution, a 5×5 kernel, max pooling,
//! move and remove), and the summary's total follows — checked against the core's own plan
//! of the same network, not a number copied from the page; an impossible network is refused
//! at its layer with the formula that shows why, Start stays disabled with that reason and
//! the model on screen stays; the corrected network trains. Screenshots under
//! target/screenshots/ (`arch-*`): 1280×800, a 390×844 phone (nothing wider than the
//! screen) and presentation mode.
//!
//! `cargo xtask dist && cargo test --test e2e_arch -- --ignored --nocapture --test-threads=1`
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use convolab::nn::Architecture;
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use support::*;

async fn click(c: &Client, css: &str) -> Res {
    c.find(Locator::Css(css)).await?.click().await?;
    tokio::time::sleep(Duration::from_millis(60)).await;
    Ok(())
}

/// The layers the editor lists, as Keras class names (`data-kind` of each row).
async fn kinds(c: &Client) -> Res<Vec<String>> {
    let v = js(c, "return [...document.querySelectorAll('#arch-layers li.arch-row[data-kind]')].map(li => li.dataset.kind)").await?;
    Ok(v.as_array().ok_or("no rows")?.iter().filter_map(|k| k.as_str().map(String::from)).collect())
}

/// The summary's total (its `data-total`, `None` while the network is refused).
async fn total(c: &Client) -> Res<Option<u64>> {
    let v =
        js(c, "const e = document.querySelector('#arch-total'); return e.dataset.total ?? null")
            .await?;
    Ok(v.as_str().and_then(|s| s.parse().ok()))
}

async fn focused(c: &Client) -> Res<Value> {
    js(c, "return document.activeElement ? document.activeElement.id : null").await
}

async fn start_disabled(c: &Client) -> Res<bool> {
    Ok(js(c, "return document.querySelector('#train-start').disabled").await? == json!(true))
}

/// Waits until the summary's total is the core's plan of `text`, and returns that plan's
/// total.
async fn total_is_plan_of(c: &Client, text: &str) -> Res<usize> {
    let plan = Architecture::parse(text)?.plan();
    assert!(plan.ok(), "{text}: {:?}", plan.failure);
    let want = plan.total_params;
    let script = format!("return document.querySelector('#arch-total').dataset.total === '{want}'");
    if let Err(e) = wait_js(c, &script, &format!("total {want} for {text}")).await {
        return Err(format!("{e}; the page says {:?}", total(c).await?).into());
    }
    Ok(want)
}

/// Screenshots at 1280×800 (the page's top, then the editor), a 390×844 phone (asserting
/// nothing spills sideways) and presentation mode; back to 1280×800.
async fn screenshots(b: &Browser, lang: &str) -> Res {
    let c = &b.c;
    viewport(c, 1280, 800).await?;
    js(c, "window.scrollTo(0, 0); return 0").await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    // The pad and its prediction stay where they were: beside the training, on the first
    // screen, the editor under both.
    let tops = js(c, "return [document.querySelector('#pad').getBoundingClientRect().bottom, document.querySelector('#arch-editor').getBoundingClientRect().top, document.querySelector('.lenet-train').getBoundingClientRect().top, document.querySelector('.lenet-draw').getBoundingClientRect().top]").await?;
    let at = |i: usize| tops[i].as_f64().unwrap_or(f64::NAN);
    assert!(
        at(0) < 800.0 && at(0) < at(1),
        "the pad on the first screen, above the editor: {tops}"
    );
    assert_eq!(at(2), at(3), "the pad's panel beside the training's: {tops}");
    shot(c, &format!("arch-{lang}-1280-top")).await?;
    js(c, "document.querySelector('#arch-title').scrollIntoView(); return 0").await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    shot(c, &format!("arch-{lang}-1280-editor")).await?;

    b.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": true }),
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let overflow = sideways_overflow(c).await?;
    assert_eq!(overflow, json!(0), "the page spills sideways on a phone ({lang})");
    js(c, "document.querySelector('#arch-title').scrollIntoView(); return 0").await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    shot(c, &format!("arch-{lang}-phone-editor")).await?;
    js(c, "document.querySelector('#arch-summary-title').scrollIntoView(); return 0").await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    shot(c, &format!("arch-{lang}-phone-summary")).await?;
    b.cdp("Emulation.clearDeviceMetricsOverride", json!({})).await?;
    viewport(c, 1280, 800).await?;

    js(
        c,
        "document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); return 0",
    )
    .await?;
    press_char(c, 'p').await?;
    wait_js(c, "return document.documentElement.classList.contains('present')", "presentation")
        .await?;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(sideways_overflow(c).await?, json!(0), "presentation mode spills sideways");
    shot(c, &format!("arch-{lang}-present-top")).await?;
    js(c, "document.querySelector('#arch-title').scrollIntoView(); return 0").await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    shot(c, &format!("arch-{lang}-present-editor")).await?;
    js(c, "document.activeElement && document.activeElement.blur(); return 0").await?;
    press_char(c, 'p').await?;
    wait_js(
        c,
        "return !document.documentElement.classList.contains('present')",
        "presentation off",
    )
    .await?;
    Ok(())
}

async fn open(c: &Client, url: &str) -> Res {
    c.goto(url).await?;
    c.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("#arch-layers")).await?;
    // The worker and the digits, for the Start button to mean something.
    wait_js_within(
        c,
        "return document.querySelector('#train-status').dataset.phase === 'idle' && !!document.querySelector('#total-params')",
        Duration::from_secs(60),
        "worker ready and pretrained weights on screen",
    )
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn build_break_and_train_a_network_in_english() -> Res {
    within(Duration::from_secs(150), english()).await
}

async fn english() -> Res {
    let b = Browser::open("arch-en").await?;
    let c = &b.c;
    let base = b.base();
    viewport(c, 1280, 800).await?;

    step("a link with a network opens it in the editor");
    let linked = "Conv2D(4,3,relu)-AveragePooling2D(2)-Flatten-Dense(32,relu)-Dense(10,softmax)";
    open(c, &format!("{base}#/lenet?net={linked}&epochs=1&batch=64")).await?;
    assert_eq!(kinds(c).await?, ["Conv2D", "AveragePooling2D", "Flatten", "Dense", "Dense"]);
    assert_eq!(
        js(c, "return document.querySelector('#arch-preset').value").await?,
        json!("custom")
    );
    total_is_plan_of(c, linked).await?;
    // The summary writes the arithmetic, with the page's numbers.
    let first = text_of(c, "#arch-summary tbody tr[data-layer='0']").await?;
    assert!(
        first.contains("⌊(32 − 3)/1⌋ + 1 = 30") && first.contains("(3·3·1 + 1)·4 = 40"),
        "{first}"
    );
    assert!(text_of(c, "#arch-epoch").await?.contains("unknown"), "no speed measured yet");
    let model_params = text_of(c, "#total-params").await?;

    step("build by clicking: a convolution after the input, 5×5, max pooling");
    click(c, "#arch-input-add").await?;
    assert_eq!(focused(c).await?, json!("arch-add-0-conv2d"), "the menu takes the focus");
    click(c, "#arch-add-0-conv2d").await?;
    assert_eq!(focused(c).await?, json!("arch-0-filters"), "the new layer's first setting");
    choose(c, "#arch-0-kernel", "5").await?;
    choose(c, "#arch-2-pooling", "max").await?;
    let built = "Conv2D(8,5,relu)-Conv2D(4,3,relu)-MaxPooling2D(2)-Flatten-Dense(32,relu)-Dense(10,softmax)";
    let n = total_is_plan_of(c, built).await?;
    assert!(
        text_of(c, "#arch-summary tbody tr[data-layer='0']").await?.contains("(5·5·1 + 1)·8 = 208")
    );
    // The Keras panel and the link follow the draft.
    wait_js(
        c,
        "return location.href.includes('Conv2D(8,5,relu)-Conv2D(4,3,relu)-MaxPooling2D(2)')",
        "the link follows",
    )
    .await?;

    step("the keyboard: move a layer up and down, focus follows; remove one");
    c.find(Locator::Css("#arch-1-up")).await?.send_keys(&Key::Enter.to_string()).await?;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(kinds(c).await?[..2], ["Conv2D", "Conv2D"]);
    assert_eq!(js(c, "return document.querySelector('#arch-0-kernel').value").await?, json!("3"));
    // At the top, "up" is disabled: the focus is on "down" of the moved row.
    assert_eq!(focused(c).await?, json!("arch-0-down"));
    press(c, Key::Enter).await?;
    assert_eq!(js(c, "return document.querySelector('#arch-0-kernel').value").await?, json!("5"));
    assert_eq!(focused(c).await?, json!("arch-1-down"));
    assert_eq!(total(c).await?, Some(n as u64));
    // Add a dropout after the pooling, then remove it with the keyboard.
    click(c, "#arch-2-add").await?;
    click(c, "#arch-add-3-dropout").await?;
    assert_eq!(kinds(c).await?[3], "Dropout");
    assert_eq!(total(c).await?, Some(n as u64), "dropout has no parameter");
    c.find(Locator::Css("#arch-3-remove")).await?.send_keys(&Key::Enter.to_string()).await?;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(kinds(c).await?[3], "Flatten");
    assert_eq!(focused(c).await?, json!("arch-3-remove"), "the row that took its place");

    step("an impossible network: refused at its layer, Start disabled, the model stays");
    choose(c, "#arch-0-stride", "2").await?;
    choose(c, "#arch-1-stride", "2").await?;
    choose(c, "#arch-2-pool", "3").await?;
    click(c, "#arch-2-add").await?;
    click(c, "#arch-add-3-conv2d").await?;
    // 32 →(5, s2) 14 →(3, s2) 6 →(pool 3) 2: a 3×3 window does not fit.
    wait_js(
        c,
        "return document.querySelector('#arch-3-row').classList.contains('broken')",
        "broken row",
    )
    .await?;
    let why = text_of(c, "#arch-3-error").await?;
    assert!(why.contains("⌊(2 − 3)/1⌋ + 1 < 1"), "{why}");
    assert!(why.contains("A window of 3 does not fit in an input of 2"), "{why}");
    assert_eq!(
        js(c, "return document.querySelectorAll('#arch-layers li.broken').length").await?,
        json!(1)
    );
    assert_eq!(total(c).await?, None);
    assert!(start_disabled(c).await?);
    let refused = text_of(c, "#network-refused").await?;
    assert!(
        refused.contains("layer 4 (Conv2D)") && refused.contains("⌊(2 − 3)/1⌋ + 1 < 1"),
        "{refused}"
    );
    assert_eq!(text_of(c, "#total-params").await?, model_params, "the model on screen stays");
    // The status line does not say "ready" meanwhile.
    let status = text_of(c, "#train-status").await?;
    assert!(status.starts_with("Not ready: the network in the editor cannot be built"), "{status}");
    screenshots(&b, "en").await?;

    step("corrected, it trains");
    click(c, "#arch-3-remove").await?;
    choose(c, "#arch-2-pool", "2").await?;
    let fixed = "Conv2D(8,5,2,relu)-Conv2D(4,3,2,relu)-MaxPooling2D(2)-Flatten-Dense(32,relu)-Dense(10,softmax)";
    let n = total_is_plan_of(c, fixed).await?;
    wait_js(c, "return !document.querySelector('#train-start').disabled", "start enabled").await?;
    assert!(c.find(Locator::Css("#network-refused")).await.is_err());
    wait_text(c, "#train-status", "Ready to train.").await?;
    click(c, "#train-start").await?;
    // The editor is locked while the run trains.
    wait_js(c, "return document.querySelector('.arch-body').disabled === true", "editor locked")
        .await?;
    wait_js_within(
        c,
        "return document.querySelector('#test-acc').dataset.acc !== ''",
        Duration::from_secs(60),
        "the run's first test",
    )
    .await?;
    // The network on screen is the one trained: its summary has the plan's total.
    assert_eq!(text_of(c, "#total-params").await?, n.to_string());
    let est = text_of(c, "#arch-epoch").await?;
    assert!(est.starts_with("Time per epoch (8,000 digits): about"), "{est}");
    if js(c, "return document.querySelector('#train-status').dataset.phase").await?
        == json!("training")
    {
        click(c, "#train-pause").await?;
    }
    wait_js(c, "return document.querySelector('.arch-body').disabled === false", "editor unlocked")
        .await?;

    assert_no_console_errors(&b.console_log().await?);
    b.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn build_and_break_a_network_in_french() -> Res {
    within(Duration::from_secs(120), french()).await
}

async fn french() -> Res {
    let b = Browser::open("arch-fr").await?;
    let c = &b.c;
    let base = b.base();
    viewport(c, 1280, 800).await?;
    c.goto(&base).await?;
    click(c, "#lang-fr").await?;

    step("FR: a preset's link opens it, described");
    open(c, &format!("{base}#/lenet?net=lenet5")).await?;
    wait_text(c, "#arch-title", "Votre réseau").await?;
    assert_eq!(
        js(c, "return document.querySelector('#arch-preset').value").await?,
        json!("lenet5")
    );
    assert!(text_of(c, "#arch-preset-desc").await?.contains("LeCun"));
    let shown = js(c, "return document.querySelector('#arch-total').textContent").await?;
    assert_eq!(shown, json!("61\u{202f}706"), "French thousands");
    let model_params = text_of(c, "#total-params").await?;

    step("FR: add a convolution, 5×5, max pooling");
    click(c, "#arch-input-add").await?;
    click(c, "#arch-add-0-conv2d").await?;
    choose(c, "#arch-0-kernel", "5").await?;
    choose(c, "#arch-2-pooling", "max").await?;
    total_is_plan_of(
        c,
        "Conv2D(8,5,relu)-Conv2D(6,5,tanh)-MaxPooling2D(2)-Conv2D(16,5,tanh)-AveragePooling2D(2)-\
         Flatten-Dense(120,tanh)-Dense(84,tanh)-Dense(10,softmax)",
    )
    .await?;
    assert_eq!(
        js(c, "return document.querySelector('#arch-preset').value").await?,
        json!("custom")
    );
    let label =
        js(c, "return document.querySelector('#arch-1-up').getAttribute('aria-label')").await?;
    assert_eq!(label, json!("Monter couche 2 (Conv2D)"));

    step("FR: an impossible network, refused at its layer in French");
    // 32 →(7, s2) 13 →(5) 9 →(pool 2) 4: the 5×5 of layer 4 does not fit.
    choose(c, "#arch-0-kernel", "7").await?;
    choose(c, "#arch-0-stride", "2").await?;
    wait_js(
        c,
        "return document.querySelector('#arch-3-row').classList.contains('broken')",
        "broken row",
    )
    .await?;
    let why = text_of(c, "#arch-3-error").await?;
    assert!(why.starts_with("Cette couche ne peut pas être construite"), "{why}");
    assert!(why.contains("Une fenêtre de 5 ne tient pas dans une entrée de 4"), "{why}");
    assert!(why.contains("⌊(4 − 5)/1⌋ + 1 < 1"), "{why}");
    assert!(start_disabled(c).await?);
    let refused = text_of(c, "#network-refused").await?;
    assert!(
        refused.starts_with("Ce réseau ne peut pas être entraîné : couche 4 (Conv2D) bloque."),
        "{refused}"
    );
    assert_eq!(text_of(c, "#total-params").await?, model_params, "the model on screen stays");
    // The layers after it are listed, not computed.
    let later = js(c, "return document.querySelectorAll('#arch-summary tr.later').length").await?;
    assert_eq!(later, json!(5));
    screenshots(&b, "fr").await?;

    step("FR: 'same' padding makes it fit");
    choose(c, "#arch-3-padding", "same").await?;
    wait_js(c, "return !document.querySelector('#arch-layers li.broken')", "no broken row").await?;
    total_is_plan_of(
        c,
        "Conv2D(8,7,2,relu)-Conv2D(6,5,tanh)-MaxPooling2D(2)-Conv2D(16,5,same,tanh)-AveragePooling2D(2)-\
         Flatten-Dense(120,tanh)-Dense(84,tanh)-Dense(10,softmax)",
    )
    .await?;
    wait_js(c, "return !document.querySelector('#train-start').disabled", "start enabled").await?;

    assert_no_console_errors(&b.console_log().await?);
    b.close().await?;
    Ok(())
}
