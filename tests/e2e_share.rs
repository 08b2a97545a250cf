//! A lab's state in its link, and Share: a link opens the same values on every lab (the
//! drawn values against the core computed here), the language and the step debugger's
//! window come with it, changing a control rewrites the link without a history entry, a
//! malformed link says what it left out and keeps the defaults, and the QR code on screen
//! decodes (from a screenshot's pixels) back to the link.
//!
//! Ignored by plain `cargo test`: `cargo xtask test` runs it on the release dist/.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::Path;
use std::time::Duration;

use convolab::data::Mnist;
use convolab::nn::window::{conv1d_windows, conv2d_window, geometry, pool2d_windows};
use convolab::nn::{Padding, PoolKind};
use fantoccini::{Client, Locator};
use ndarray::{Array2, ArrayView2};
use serde_json::{Value, json};
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn links_restore_labs_and_share_draws_a_readable_qr_code() {
    within(Duration::from_secs(300), share()).await.unwrap();
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_str()
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<f64>().unwrap())
        .collect()
}

fn assert_close(drawn: &[f64], want: &[f64], what: &str) {
    assert_eq!(
        drawn.len(),
        want.len(),
        "{what}: {} values drawn, {} computed",
        drawn.len(),
        want.len()
    );
    for (i, (a, b)) in drawn.iter().zip(want).enumerate() {
        // The page writes 3 decimals.
        assert!((a - b).abs() <= 5e-4 + 1e-9, "{what}[{i}]: drawn {a}, core {b}");
    }
}

async fn open(c: &Client, url: &str) -> Res {
    c.goto(url).await?;
    c.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("main h1")).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    Ok(())
}

async fn scrub(c: &Client, id: &str) -> Res<Value> {
    js(c, &format!("return Number(document.querySelector('#{id}-scrub').value)")).await
}

/// The links of every lab, then Share, in the same session.
async fn share() -> Res {
    let dist = dist_dir()?;
    let b = Browser::open_on(dist.clone(), "share").await?;
    let c = &b.c;
    let base = b.base();

    conv1d_link_in_french(c, &base).await?;
    a_control_rewrites_the_link(c).await?;
    a_reload_keeps_the_screen(c).await?;
    conv2d_link_with_an_mnist_digit(c, &base, &dist).await?;
    pooling_link(c, &base).await?;
    dropout_link(c, &base).await?;
    a_question_link_opens_its_lab(c, &base).await?;
    teacher_view(c).await?;
    a_malformed_link(c, &base).await?;
    let link = share_panel_qr_code(c, &base).await?;
    the_link_in_a_fresh_tab(c, &base, &link).await?;
    the_panel_on_a_tablet(c, &link).await?;

    assert_no_console_errors(&b.console_log().await?);
    b.close().await?;
    Ok(())
}

async fn conv1d_link_in_french(c: &Client, base: &str) -> Res {
    step("1D: a link with a custom kernel, same padding, stride 2, window 4, in French");
    open(
        c,
        &format!("{base}#/conv1d?signal=ramp&kernel=1,-2,1&padding=same&stride=2&step=4&lang=fr"),
    )
    .await?;
    assert_eq!(js(c, "return document.documentElement.lang").await?, json!("fr"));
    let ramp: Vec<f64> = (0..12).map(|i| i as f64).collect();
    let want: Vec<f64> = conv1d_windows(&ramp, &[1.0, -2.0, 1.0], 2, Padding::Same, 0.0)?
        .iter()
        .map(|w| w.output)
        .collect();
    let drawn = js(c, "return [...document.querySelectorAll('#conv1d-output g[data-value]')].map(g => g.dataset.value).join(',')").await?;
    assert_close(&numbers(&drawn), &want, "1D output");
    assert_eq!(scrub(c, "conv1d").await?, json!(3), "the stepper opens on window 4");
    assert_eq!(
        js(c, "return document.querySelector('#conv1d-padding').value").await?,
        json!("same")
    );
    assert!(
        js(c, "return document.querySelector('#link-notice') === null").await?.as_bool().unwrap()
    );
    Ok(())
}

async fn a_control_rewrites_the_link(c: &Client) -> Res {
    step("changing a control rewrites the link, without a history entry");
    let before = js(c, "return history.length").await?;
    choose(c, "#conv1d-stride", "1").await?;
    wait_js(
        c,
        "return location.hash.includes('stride=1') && location.hash.includes('step=1')",
        "the link follows the stride",
    )
    .await?;
    assert_eq!(js(c, "return history.length").await?, before, "replaceState, not pushState");
    assert!(
        js(c, "return location.hash.includes('lang=fr') && location.hash.startsWith('#/conv1d?')")
            .await?
            .as_bool()
            .unwrap()
    );
    Ok(())
}

async fn a_reload_keeps_the_screen(c: &Client) -> Res {
    step("a reload keeps the screen");
    c.refresh().await?;
    c.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("#conv1d-output")).await?;
    assert_eq!(js(c, "return document.querySelector('#conv1d-stride').value").await?, json!("1"));
    assert_eq!(
        js(c, "return document.querySelector('#conv1d-kernel').value").await?,
        json!("custom")
    );
    Ok(())
}

async fn conv2d_link_with_an_mnist_digit(c: &Client, base: &str, dist: &Path) -> Res {
    step("2D: an MNIST digit, x-derivative, same padding, stride 2, ReLU, window 20");
    let mnist = Mnist::from_bytes(&std::fs::read(dist.join("static/data/mnist10k.bin"))?)?;
    let px: Vec<f64> = mnist.image(7).unwrap().iter().map(|&p| p as f64 / 255.0).collect();
    let img = Array2::from_shape_vec((28, 28), px)?;
    let dx = convolab::nn::kernels::find(2, "dx").expect("the course's x-derivative");
    let kernel = Array2::from_shape_vec((dx.rows, dx.cols), dx.weights.clone())?;
    open(c, &format!("{base}#/conv2d?input=mnist&digit=7&kernel=dx&padding=same&stride=2&relu=1&step=20&lang=en")).await?;
    wait_js(
        c,
        "return document.querySelector('#conv2d-input-map')?.dataset.rows === '28'",
        "the digit loaded",
    )
    .await?;
    let gy = geometry(28, dx.rows, 2, Padding::Same)?;
    let gx = geometry(28, dx.cols, 2, Padding::Same)?;
    let mut want = Vec::new();
    for oy in 0..gy.out {
        for ox in 0..gx.out {
            let w = conv2d_window(img.view(), kernel.view(), (2, 2), Padding::Same, 0.0, (oy, ox))?;
            want.push(w.output.max(0.0));
        }
    }
    let drawn = js(c, "return document.querySelector('#conv2d-output').dataset.values").await?;
    assert_close(&numbers(&drawn), &want, "2D output");
    assert_eq!(scrub(c, "conv2d").await?, json!(19));
    assert_eq!(js(c, "return document.documentElement.lang").await?, json!("en"));
    Ok(())
}

async fn pooling_link(c: &Client, base: &str) -> Res {
    step("pooling: 13×13, average 3, stride 2, window 10");
    open(
        c,
        &format!("{base}#/pooling?input=map13&kind=average&pool=3&stride=2&padding=valid&step=10"),
    )
    .await?;
    let map13: Vec<f64> = (0..169).map(|i| ((i * 7 + (i / 13) * 3) % 10) as f64).collect();
    let want: Vec<f64> = pool2d_windows(
        ArrayView2::from_shape((13, 13), &map13)?,
        PoolKind::Average,
        (3, 3),
        Some((2, 2)),
        Padding::Valid,
    )?
    .iter()
    .map(|w| w.output)
    .collect();
    assert_eq!(want.len(), 36);
    let drawn = js(c, "return document.querySelector('#pool-output').dataset.values").await?;
    assert_close(&numbers(&drawn), &want, "pooling output");
    assert_eq!(scrub(c, "pool").await?, json!(9));
    Ok(())
}

async fn dropout_link(c: &Client, base: &str) -> Res {
    step("dropout: rate 0.3, mask 7");
    open(c, &format!("{base}#/dropout?rate=0.3&mode=training&mask=7")).await?;
    let pass = convolab::app::lessons::dropout::model::run(0.3, 6, true)?;
    let kept: Vec<bool> = pass.mask.iter().map(|&m| m > 0.0).collect();
    let drawn = js(c, "return [...document.querySelectorAll('#dropout-units g[data-kept]')].map(g => g.dataset.kept === 'true')").await?;
    assert_eq!(drawn, json!(kept), "the same mask as the core's seeded dropout");
    assert_eq!(js(c, "return document.querySelector('#dropout-rate').value").await?, json!("30"));
    Ok(())
}

async fn a_question_link_opens_its_lab(c: &Client, base: &str) -> Res {
    step("a question's link gives that question; a wrong answer opens the lab on its numbers");
    let ex = convolab::app::exercises::generate(convolab::app::exercises::Kind::Conv1dWindow, 42);
    let convolab::app::exercises::Prompt::Conv1dWindow { signal, kernel, padding, stride, output } =
        ex.prompt.clone()
    else {
        unreachable!()
    };
    open(c, &format!("{base}#/conv1d?ex=c1-window&seed=42&lang=en")).await?;
    assert_eq!(js(c, "return document.querySelector('.ex-card').dataset.seed").await?, json!("42"));
    assert_eq!(
        js(c, "return document.querySelector('.ex-card').dataset.kind").await?,
        json!("c1-window")
    );
    assert!(
        js(c, "return document.querySelector('#link-notice') === null").await?.as_bool().unwrap(),
        "ex and seed are known keys"
    );
    let wrong = match ex.answer {
        convolab::app::exercises::Answer::Number { value, .. } => value + 7.0,
        _ => unreachable!(),
    };
    let input = c.find(Locator::Css("#ex-answer")).await?;
    input.send_keys(&wrong.to_string()).await?;
    c.find(Locator::Css("#ex-check")).await?.click().await?;
    c.wait().at_most(Duration::from_secs(5)).for_element(Locator::Css("#ex-open-lab")).await?;
    c.find(Locator::Css("#ex-open-lab")).await?.click().await?;
    wait_js(
        c,
        "return document.querySelector('#conv1d-signal').value === 'custom'",
        "the lab on the question's signal",
    )
    .await?;
    let want: Vec<f64> =
        conv1d_windows(&signal, &kernel, stride, padding, 0.0)?.iter().map(|w| w.output).collect();
    let drawn = js(c, "return [...document.querySelectorAll('#conv1d-output g[data-value]')].map(g => g.dataset.value).join(',')").await?;
    assert_close(&numbers(&drawn), &want, "the question's convolution");
    assert_eq!(scrub(c, "conv1d").await?, json!(output), "on the question's window");
    Ok(())
}

async fn teacher_view(c: &Client) -> Res {
    step("teacher view: in presentation mode the answer waits for A");
    js(c, "document.activeElement && document.activeElement.blur(); return 0").await?;
    c.execute("document.querySelector('#present-toggle').click(); return 0", vec![]).await?;
    wait_js(c, "return document.documentElement.classList.contains('present')", "presentation on")
        .await?;
    c.wait().at_most(Duration::from_secs(5)).for_element(Locator::Css("#ex-reveal")).await?;
    assert!(
        js(c, "return document.querySelector('#ex-revealed') === null").await?.as_bool().unwrap()
    );
    js(c, "document.activeElement && document.activeElement.blur(); return 0").await?;
    type_text(c, "a").await?;
    wait_js(c, "return document.querySelector('#ex-revealed') !== null", "A shows the answer")
        .await?;
    js(c, "document.querySelector('#exercises').scrollIntoView(); return 0").await?;
    shot(c, "teacher-view-conv1d-1280").await?;
    c.execute("document.querySelector('#present-toggle').click(); return 0", vec![]).await?;
    Ok(())
}

async fn a_malformed_link(c: &Client, base: &str) -> Res {
    step("a malformed link: a notice names what was left out, the rest applies");
    open(c, &format!("{base}#/conv1d?stride=abc&step=99&kernel=sobel&padding=same&colour=red"))
        .await?;
    let notice = text_of(c, "#link-notice").await?;
    assert!(
        js(c, "const r = document.querySelector('#link-notice').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight").await?.as_bool().unwrap(),
        "a link opened in the running app starts at the top, where its notice is"
    );
    shot(c, "link-notice-en").await?;
    for part in ["stride=abc", "step=99", "kernel=sobel", "colour"] {
        assert!(notice.contains(part), "the notice names {part}: {notice}");
    }
    assert_eq!(
        js(c, "return document.querySelector('#conv1d-padding').value").await?,
        json!("same")
    );
    assert_eq!(js(c, "return document.querySelector('#conv1d-stride').value").await?, json!("1"));
    let course = convolab::app::lessons::conv1d::model::COURSE_SIGNAL;
    let gaussian = convolab::nn::kernels::find(1, "gaussian").unwrap();
    let want: Vec<f64> = conv1d_windows(&course, &gaussian.weights, 1, Padding::Same, 0.0)?
        .iter()
        .map(|w| w.output)
        .collect();
    let drawn = js(c, "return [...document.querySelectorAll('#conv1d-output g[data-value]')].map(g => g.dataset.value).join(',')").await?;
    assert_close(&numbers(&drawn), &want, "defaults after a bad link");
    wait_js(
        c,
        "return !location.hash.includes('abc') && !location.hash.includes('colour')",
        "the link is rewritten clean",
    )
    .await?;
    Ok(())
}

/// Returns the link the panel shows, for the next steps.
async fn share_panel_qr_code(c: &Client, base: &str) -> Res<String> {
    step("Share: the panel's QR code, read from the screen's pixels, is the link");
    open(c, &format!("{base}#/conv2d?kernel=laplacian&padding=same&step=6")).await?;
    c.find(Locator::Css("#share-open")).await?.click().await?;
    c.wait().at_most(Duration::from_secs(5)).for_element(Locator::Css("#share-qr")).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let link = js(c, "return document.querySelector('#share-link').value").await?;
    let link = link.as_str().unwrap().to_string();
    assert!(
        link.starts_with(base)
            && link.contains("#/conv2d?")
            && link.contains("kernel=laplacian")
            && link.contains("step=6"),
        "{link}"
    );
    let side = js(c, "return document.querySelector('#share-qr').getBoundingClientRect().width")
        .await?
        .as_f64()
        .unwrap();
    let tall = js(c, "return innerHeight").await?.as_f64().unwrap();
    assert!(
        side >= 0.7 * tall,
        "the code is {side} px wide on a {tall} px high screen: too small to scan from afar"
    );
    assert!(
        js(c, "const p = document.querySelector('#share-panel'); return p.scrollHeight <= p.clientHeight + 1").await?.as_bool().unwrap(),
        "the panel fits the screen: nothing to scroll to reach Copy"
    );
    let serious: Vec<String> = axe_audit(c)
        .await?
        .into_iter()
        .filter(|v| v.impact == "serious" || v.impact == "critical")
        .map(|v| format!("{} ({}) e.g. {}", v.id, v.impact, v.example))
        .collect();
    assert!(serious.is_empty(), "axe-core on the open Share panel: {serious:?}");
    let png = c.screenshot().await?;
    shot(c, "share-qr-1280").await?;
    assert_eq!(decode_qr(&png)?, link);
    Ok(link)
}

async fn the_link_in_a_fresh_tab(c: &Client, base: &str, link: &str) -> Res {
    step("the link opens that screen in a fresh tab; Escape closes the panel");
    js(c, "document.querySelector('#share-copy').focus(); return 0").await?;
    press(c, fantoccini::key::Key::Escape).await?;
    assert!(
        js(c, "return document.querySelector('#share-panel') === null").await?.as_bool().unwrap()
    );
    // First pasted in the running app (same page, new query: the lab must remount and read
    // it), then loaded from nothing as a student's phone would.
    open(c, &format!("{base}#/conv2d?kernel=dx&step=2")).await?;
    assert_eq!(scrub(c, "conv2d").await?, json!(1));
    assert_eq!(
        js(c, "return document.querySelector('#conv2d-padding').value").await?,
        json!("valid")
    );
    c.goto("about:blank").await?;
    open(c, link).await?;
    assert_eq!(scrub(c, "conv2d").await?, json!(5));
    assert_eq!(
        js(c, "return document.querySelector('#conv2d-padding').value").await?,
        json!("same")
    );
    Ok(())
}

async fn the_panel_on_a_tablet(c: &Client, link: &str) -> Res {
    step("on a tablet held upright the panel stacks, fits and still reads back");
    c.set_window_size(768, 1024).await?;
    c.find(Locator::Css("#share-open")).await?.click().await?;
    c.wait().at_most(Duration::from_secs(5)).for_element(Locator::Css("#share-qr")).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        js(c, "const p = document.querySelector('#share-panel'); return p.scrollHeight <= p.clientHeight + 1 && document.documentElement.scrollWidth <= innerWidth").await?.as_bool().unwrap(),
        "the panel fits a 768 px tablet"
    );
    let side = js(c, "return document.querySelector('#share-qr').getBoundingClientRect().width")
        .await?
        .as_f64()
        .unwrap();
    assert!(side >= 300.0, "the code is {side} px wide on the tablet");
    shot(c, "share-qr-tablet").await?;
    assert_eq!(decode_qr(&c.screenshot().await?)?, link);
    Ok(())
}

/// Reads a QR code from a PNG screenshot, as a phone would (rqrr finds and decodes it).
fn decode_qr(png: &[u8]) -> Res<String> {
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info()?;
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf)?;
    let channels = info.color_type.samples();
    let (w, h) = (info.width as usize, info.height as usize);
    let grey = |x: usize, y: usize| -> u8 {
        let i = (y * w + x) * channels;
        if channels >= 3 {
            ((buf[i] as u32 + buf[i + 1] as u32 + buf[i + 2] as u32) / 3) as u8
        } else {
            buf[i]
        }
    };
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, grey);
    let grids = img.detect_grids();
    let grid = grids.first().ok_or("no QR code found on the screen")?;
    let (_, content) = grid.decode()?;
    Ok(content)
}
