//! Presentation mode at the projector's sizes (the page's own viewport exactly 1280×720,
//! 1920×1080, and 1280×577: a laptop with its browser bar): `P` or the header's button turns
//! it on, the prose and the nav go, and in every lab the figures of the step debugger fill
//! the screen — each one wholly in view, nothing overflowing sideways, the stage never taller
//! than the screen, the values in the heat maps (4×4 to 13×13) and in the plots written at
//! `MIN_FONT` CSS pixels or more (scaled with the screen's height), the window's arithmetic
//! larger still. The whole experiment is on one screen: the 2D lab's input, kernel editor,
//! output map and arithmetic; LeNet's pad and its ten probabilities after a stroke (its
//! training controls and charts are the second screen, which PageDown reaches). PageDown /
//! PageUp walk the course. Screenshots `present-<lab>-<width>[x<height>]` of each.
//!
//! Ignored by plain `cargo test`: `cargo xtask test` runs it on the release dist/.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use support::*;

/// The smallest value a figure may write, in CSS pixels at 1280×720: about 5 mm on a 2 m
/// wide projected image, read from 8–10 m (the back of a classroom). At 1920×1080 the
/// figures grow with the screen: `MIN_FONT × 1.3`; on a 577 px high laptop screen (not a
/// projector) they shrink with it: × 0.8.
const MIN_FONT: f64 = 20.0;
/// The window's arithmetic (the line the teacher points at) is larger still (also × 1.3 at
/// 1920×1080: the page's type grows with the screen in presentation mode).
const MIN_ARITH_FONT: f64 = 26.0;

/// With the drawing pad (`conv2d-draw`) the stage shares the screen with the pad and the
/// picture is a 28×28 drawing, whose values are not written at any size: only what is on
/// screen is checked there, not the size of the values (the 4×4 shown before the first
/// stroke is written smaller, about 16 px at 1280×720).
const NO_VALUE_SIZE: &[&str] = &["conv2d-draw"];

/// What must be on screen in a lab: the step debugger's figures.
const STAGE: &str = "main .stepper-scope canvas, main .stepper-scope svg";

/// (route, screenshot name, a script that sets the lab up — e.g. the 13×13 pooling map —,
/// what must be wholly on screen besides the stage).
const LABS: &[(&str, &str, &str, &str)] = &[
    ("/conv1d", "conv1d", "", ""),
    // The whole experiment: input, kernel editor, output map and arithmetic.
    (
        "/conv2d",
        "conv2d",
        "",
        "#conv2d-kernel-edit, #conv2d-input-map, #conv2d-output, .stepper-scope code.arith",
    ),
    ("/pooling", "pooling", "", ""),
    (
        "/pooling",
        "pooling13",
        "const s = document.querySelector('#pool-input'); s.value = 'map13'; s.dispatchEvent(new Event('change', { bubbles: true }));",
        "",
    ),
    (
        "/conv2d",
        "conv2d-draw",
        "const s = document.querySelector('#conv2d-input'); s.value = 'draw'; s.dispatchEvent(new Event('change', { bubbles: true }));",
        "#conv2d-pad",
    ),
    ("/dropout", "dropout", "", ""),
    // After a stroke (below): the pad and its ten probabilities.
    ("/lenet", "lenet", "", "main #pad, main #probs"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn presentation_mode_fills_the_projector() -> Res {
    within(Duration::from_secs(300), present()).await
}

/// Resizes the window so that the page itself (the viewport) is `w` × `h`: the window's
/// frame takes some height even headless.
async fn viewport(c: &Client, w: u32, h: u32) -> Res {
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
    Err(format!(
        "could not make the viewport {w}×{h}: {}",
        js(c, "return [innerWidth, innerHeight]").await?
    )
    .into())
}

/// Every measurement of one screen, made in the page.
const MEASURE: &str = r#"
const vw = document.documentElement.clientWidth, vh = innerHeight;
const figs = [...document.querySelectorAll(arguments[0])].filter(e => e.getBoundingClientRect().width > 0);
const out = figs.map(e => { const r = e.getBoundingClientRect();
    return { id: e.id || e.className.baseVal || e.className, top: r.top, bottom: r.bottom, left: r.left, right: r.right }; })
  .filter(r => r.top < -1 || r.left < -1 || r.bottom > vh + 1 || r.right > vw + 1);
// Heat maps up to 13×13: the smallest value written, as shown (canvas font × display scale).
const maps = figs.filter(e => e.dataset && e.dataset.cell && +e.dataset.rows <= 13 && +e.dataset.cols <= 13)
  .map(e => ({ id: e.id, rows: +e.dataset.rows, cols: +e.dataset.cols,
               font: +e.dataset.font * e.getBoundingClientRect().width / e.width }));
// SVG values (1D plot, dropout units): font size × the SVG's scale on screen.
const svgText = [...document.querySelectorAll('.stepper-scope svg text.in-value, .stepper-scope svg text.out-value, .stepper-scope svg .unit text')]
  .map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
// The stage's parts (maps, plot, arithmetic, buttons) do not run into one another.
const scope = document.querySelector('.stepper-scope');
const parts = scope ? [...scope.querySelectorAll(':scope > *, :scope > .conv2d-maps > div')]
  .filter(e => !e.classList.contains('conv2d-maps') && getComputedStyle(e).position !== 'absolute' && e.getBoundingClientRect().height > 0) : [];
const overlaps = [];
for (let i = 0; i < parts.length; i++) for (let j = i + 1; j < parts.length; j++) {
  const a = parts[i].getBoundingClientRect(), b = parts[j].getBoundingClientRect();
  const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  if (w > 2 && h > 2 && !parts[i].contains(parts[j]) && !parts[j].contains(parts[i]))
    overlaps.push(parts[i].className + ' × ' + parts[j].className);
}
// The stage (grown if its content needed more than the screen) ends on screen.
const stageBottom = scope ? scope.getBoundingClientRect().bottom - vh : null;
const arith = document.querySelector('.stepper-scope code.arith');
const ar = arith && arith.getBoundingClientRect();
const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > vw + 1)
  .slice(0, 5).map(e => (e.id || e.tagName) + '.' + (e.className.baseVal ?? e.className) + ':' + Math.round(e.getBoundingClientRect().right));
return { overflow: document.documentElement.scrollWidth - vw, wide, overlaps, stageBottom, count: figs.length, outside: out, maps,
         svgMin: svgText.length ? Math.min(...svgText) : null,
         arith: arith ? { font: parseFloat(getComputedStyle(arith).fontSize), bottom: ar.bottom, vh } : null };
"#;

async fn present() -> Res {
    let b = Browser::open("present").await?;
    let c = &b.c;
    let base = b.base();
    c.goto(&format!("{base}#/conv1d")).await?;
    c.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("main h1")).await?;

    p_turns_presentation_on(c).await?;
    the_button_turns_it_off_and_on(c).await?;
    every_lab_fills_the_projector(c, &base).await?;
    page_down_and_up_walk_the_course(c, &base).await?;
    p_turns_presentation_off(c).await?;
    b.close().await?;
    Ok(())
}

async fn p_turns_presentation_on(c: &Client) -> Res {
    step("P turns presentation on");
    js(c, "document.activeElement && document.activeElement.blur(); return 0").await?;
    press_char(c, 'p').await?;
    wait_js(c, "return document.documentElement.classList.contains('present')", "presentation on")
        .await?;
    assert_eq!(
        js(c, "return getComputedStyle(document.querySelector('nav.mainnav')).display").await?,
        json!("none")
    );
    assert_eq!(
        js(c, "return getComputedStyle(document.querySelector('.footer')).display").await?,
        json!("none")
    );
    Ok(())
}

async fn the_button_turns_it_off_and_on(c: &Client) -> Res {
    step("the header's button says so in words, and turns it off and on");
    let toggle = c.find(Locator::Css("#present-toggle")).await?;
    assert_eq!(toggle.attr("aria-pressed").await?.as_deref(), Some("true"));
    assert_eq!(toggle.attr("aria-keyshortcuts").await?.as_deref(), Some("P"));
    assert!(toggle.text().await?.contains("Presentation"), "{}", toggle.text().await?);
    toggle.click().await?;
    wait_js(
        c,
        "return !document.documentElement.classList.contains('present')",
        "button: presentation off",
    )
    .await?;
    c.find(Locator::Css("#present-toggle")).await?.click().await?;
    wait_js(
        c,
        "return document.documentElement.classList.contains('present')",
        "button: presentation on",
    )
    .await?;
    Ok(())
}

/// Every lab at the projector's sizes, measured and photographed (`present-<lab>-<width>`).
async fn every_lab_fills_the_projector(c: &Client, base: &str) -> Res {
    let mut report = Vec::new();
    // Both projector sizes and a laptop with its browser bar in English, and 1280×720 again
    // in French (longer words).
    for (w, h, lang) in
        [(1280u32, 720u32, "en"), (1920, 1080, "en"), (1280, 577, "en"), (1280, 720, "fr")]
    {
        viewport(c, w, h).await?;
        c.find(Locator::Css(&format!("#lang-{lang}"))).await?.click().await?;
        let grow = if w >= 1920 {
            1.3
        } else if h < 700 {
            0.8
        } else {
            1.0
        };
        for (route, name, setup, whole) in LABS {
            let name = &match (lang, h) {
                ("en", 577) => format!("{name}-577"),
                ("en", _) => name.to_string(),
                _ => format!("{name}-{lang}"),
            };
            let lab = Lab { route, name, setup, whole };
            report.push(one_lab_fills_the_screen(c, base, &lab, (w, h), grow).await?);
        }
    }
    // The 2D lab's default (4×4 → 2×2) and the 13×13 pooling map both had maps measured.
    assert!(
        report.iter().any(|l| l.starts_with("conv2d") && l.contains("conv2d-output")),
        "{report:#?}"
    );
    assert!(
        report.iter().any(|l| l.starts_with("pooling13") && l.contains("\"rows\":13")),
        "{report:#?}"
    );
    Ok(())
}

/// One lab to measure: where, its name, how to set it up, what must be on screen besides.
struct Lab<'a> {
    route: &'a str,
    name: &'a str,
    setup: &'a str,
    whole: &'a str,
}

/// One lab at one size: on screen, not overflowing, its values large enough; returns the
/// line of the report (what was measured).
async fn one_lab_fills_the_screen(
    c: &Client,
    base: &str,
    lab: &Lab<'_>,
    (w, h): (u32, u32),
    grow: f64,
) -> Res<String> {
    let Lab { route, name, setup, whole } = *lab;
    let min_font = MIN_FONT * grow;
    step(&format!("{name} at {w}×{h}"));
    c.goto(&format!("{base}#{route}")).await?;
    c.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("main h1")).await?;
    if !setup.is_empty() {
        js(c, setup).await?;
    }
    if route == "/lenet" {
        // A stroke, as a student at the board: the answer the class waits for must show.
        wait_js_within(
            c,
            "return !!document.querySelector('#pad') && document.querySelector('#pad').getBoundingClientRect().width > 0",
            Duration::from_secs(30),
            "LeNet's pad",
        )
        .await?;
        wait_js_within(
            c,
            "return /98/.test(document.querySelector('#weights-source').textContent)",
            Duration::from_secs(30),
            "the pretrained weights",
        )
        .await?;
        js(c, "scrollTo(0, 0); return 0").await?;
        let side =
            js(c, "return document.querySelector('#pad').getBoundingClientRect().height").await?;
        let k = side.as_f64().unwrap_or(200.0) / 280.0;
        stroke(c, "#pad", &[(5.0 * k, -80.0 * k), (0.0, 0.0), (-5.0 * k, 80.0 * k)]).await?;
        wait_js_within(
            c,
            "return document.querySelectorAll('#probs li').length === 10",
            Duration::from_secs(30),
            "ten probabilities",
        )
        .await?;
    }
    // The maps are drawn again once laid out at their final size.
    tokio::time::sleep(Duration::from_millis(500)).await;
    js(c, "scrollTo(0, 0); return 0").await?;
    let figures = if route == "/lenet" {
        whole.to_string()
    } else if whole.is_empty() {
        STAGE.to_string()
    } else {
        format!("{STAGE}, {whole}")
    };
    let m: Value = c.execute(MEASURE, vec![json!(figures)]).await?;
    eprintln!("    {name} {w}×{h}: {m}");
    let shot_name =
        if h == 577 { format!("present-{name}-{w}x{h}") } else { format!("present-{name}-{w}") };
    shot(c, &shot_name).await?;
    assert_eq!(m["overflow"], json!(0), "{name} overflows sideways at {w}×{h}: {}", m["wide"]);
    let want = figures.split(',').count() as u64;
    assert!(
        m["count"].as_u64().unwrap_or(0) >= if route == "/lenet" { want } else { 1 },
        "{name}: a figure is missing at {w}×{h} ({figures})"
    );
    assert_eq!(m["outside"], json!([]), "{name}: a figure is not wholly on screen at {w}×{h}");
    assert_eq!(
        m["overlaps"],
        json!([]),
        "{name}: parts of the stage run into each other at {w}×{h}"
    );
    assert!(
        m["stageBottom"].as_f64().unwrap_or(0.0) <= 1.0,
        "{name}: the stage is taller than the screen at {w}×{h}"
    );
    let values_checked =
        !NO_VALUE_SIZE.iter().any(|n| name == *n || name.starts_with(&format!("{n}-")));
    for map in m["maps"].as_array().into_iter().flatten().filter(|_| values_checked) {
        let font = map["font"].as_f64().unwrap_or(0.0);
        assert!(
            font >= min_font,
            "{name} at {w}×{h}: values of {} written at {font:.1} px (< {min_font})",
            map["id"]
        );
    }
    if let Some(f) = m["svgMin"].as_f64() {
        assert!(f >= min_font, "{name} at {w}×{h}: the plot's values at {f:.1} px (< {min_font})");
    }
    if route == "/lenet" {
        // The charts are drawn at the size they are shown, their labels at the room's size.
        let charts = js(c, "return [...document.querySelectorAll('.lenet-charts canvas')].map(c => [c.width, Math.round(c.clientWidth * devicePixelRatio), Number(c.dataset.labelPx || 0)])").await?;
        let charts = charts.as_array().cloned().unwrap_or_default();
        assert_eq!(charts.len(), 2, "{name} at {w}×{h}: {charts:?}");
        for ch in &charts {
            let (drawn, shown, label) = (
                ch[0].as_f64().unwrap_or(0.0),
                ch[1].as_f64().unwrap_or(0.0),
                ch[2].as_f64().unwrap_or(0.0),
            );
            assert!(
                (drawn - shown).abs() <= 1.0,
                "{name} at {w}×{h}: a chart drawn {drawn} px wide, shown {shown}"
            );
            assert!(
                label >= min_font,
                "{name} at {w}×{h}: chart labels at {label} px (< {min_font})"
            );
        }
    }
    if let Some(a) = m["arith"].as_object() {
        let font = a["font"].as_f64().unwrap_or(0.0);
        assert!(
            font >= MIN_ARITH_FONT * grow.min(1.3),
            "{name} at {w}×{h}: the arithmetic at {font} px"
        );
        assert!(
            a["bottom"].as_f64().unwrap_or(f64::MAX) <= h as f64 + 1.0,
            "{name} at {w}×{h}: the arithmetic is below the screen"
        );
    }
    Ok(format!("{name} {w}×{h}: {m}"))
}

async fn page_down_and_up_walk_the_course(c: &Client, base: &str) -> Res {
    step("PageDown / PageUp walk the course");
    viewport(c, 1280, 720).await?;
    c.goto(&format!("{base}#/conv1d")).await?;
    c.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("main h1")).await?;
    js(c, "document.activeElement && document.activeElement.blur(); return 0").await?;
    press(c, Key::PageDown).await?;
    wait_js(c, "return location.hash.split('?')[0] === '#/conv2d'", "PageDown to the 2D lab")
        .await?;
    press(c, Key::PageUp).await?;
    wait_js(c, "return location.hash.split('?')[0] === '#/conv1d'", "PageUp back to the 1D lab")
        .await?;
    step("on LeNet, PageDown reaches the training controls, PageUp the pad again");
    c.goto(&format!("{base}#/lenet")).await?;
    c.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("#train-start")).await?;
    js(c, "document.activeElement && document.activeElement.blur(); scrollTo(0, 0); return 0")
        .await?;
    let on_screen = |css: &str| {
        format!(
            "const r = document.querySelector('{css}').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;"
        )
    };
    assert_eq!(js(c, &on_screen("#probs-empty, #probs")).await?, json!(true), "the first screen");
    press(c, Key::PageDown).await?;
    wait_js(c, &on_screen("#train-start"), "PageDown: the training controls").await?;
    assert_eq!(js(c, "return location.hash.split('?')[0]").await?, json!("#/lenet"));
    shot(c, "present-lenet-second-1280").await?;
    press(c, Key::PageUp).await?;
    wait_js(c, "return scrollY === 0", "PageUp: back to the pad").await?;
    assert_eq!(js(c, "return location.hash.split('?')[0]").await?, json!("#/lenet"));
    Ok(())
}

async fn p_turns_presentation_off(c: &Client) -> Res {
    step("P in a text field types a p; P elsewhere turns presentation off");
    press_char(c, 'p').await?;
    wait_js(
        c,
        "return !document.documentElement.classList.contains('present')",
        "presentation off",
    )
    .await?;
    Ok(())
}
