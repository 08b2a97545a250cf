//! Accessibility: axe-core (pinned, loaded only by this test) on every page, in English and
//! French, in presentation mode and out of it. No violation of impact "serious" or "critical" may
//! remain; the others are printed for the record.
//!
//! Ignored by plain `cargo test`: `cargo xtask test` runs it on the release dist/.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use fantoccini::Locator;
use support::*;

const ROUTES: &[&str] = &[
    "/", "/history", "/conv1d", "/conv2d", "/pooling", "/dropout", "/learn", "/lenet", "/classes",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn no_serious_accessibility_violation_on_any_page() -> Res {
    within(Duration::from_secs(420), audit_all()).await
}

async fn audit_all() -> Res {
    let b = Browser::open("a11y").await?;
    let c = &b.c;
    let base = b.base();
    c.goto(&base).await?;
    c.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("main h1")).await?;
    let mut serious = Vec::new();
    let mut minor = 0;
    for present in [false, true] {
        for lang in ["en", "fr"] {
            c.find(Locator::Css(&format!("#lang-{lang}"))).await?.click().await?;
            let pressed = js(c, "return document.querySelector('#present-toggle').getAttribute('aria-pressed') === 'true'").await?;
            if pressed != serde_json::Value::Bool(present) {
                c.find(Locator::Css("#present-toggle")).await?.click().await?;
            }
            for route in ROUTES {
                step(&format!(
                    "axe {lang} {route}{}",
                    if present { " (presentation)" } else { "" }
                ));
                c.goto(&format!("{base}#{route}")).await?;
                c.wait()
                    .at_most(Duration::from_secs(30))
                    .for_element(Locator::Css("main h1"))
                    .await?;
                // Let lazy parts (digits, weights, canvases) settle before the audit.
                tokio::time::sleep(Duration::from_millis(600)).await;
                for v in axe_audit(c).await? {
                    let line = format!(
                        "{lang} {route} present={present}: {} ({}) ×{} e.g. {}",
                        v.id, v.impact, v.nodes, v.example
                    );
                    if v.impact == "serious" || v.impact == "critical" {
                        serious.push(line);
                    } else {
                        println!("    minor: {line}");
                        minor += 1;
                    }
                }
            }
        }
    }
    println!("    axe: {} serious or critical, {minor} minor", serious.len());
    assert!(
        serious.is_empty(),
        "serious or critical accessibility violations:\n{}",
        serious.join("\n")
    );
    b.close().await?;
    Ok(())
}

/// Issue 10 point 5: the diverging colour map still reads with red–green colour blindness.
/// The page is filtered through a simulation of deuteranopia (Machado, Oliveira & Fernandes
/// 2009, severity 1, in linear RGB: an SVG `feColorMatrix` applied by injected CSS), a
/// screenshot is taken (`deuteranopia-conv2d`), and its pixels are read back: the legend's
/// negative and positive ends and the map's negative and positive cells stay far apart and
/// on opposite sides of the blue–yellow axis a deuteranope sees, zero stays the lightest.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn the_colour_map_survives_deuteranopia() -> Res {
    within(Duration::from_secs(120), deuteranopia()).await
}

const DEUTERANOPIA: &str = r#"
const ns = 'http://www.w3.org/2000/svg';
const svg = document.createElementNS(ns, 'svg');
svg.setAttribute('width', '0'); svg.setAttribute('height', '0'); svg.style.position = 'absolute';
svg.innerHTML = '<filter id="deuteranopia" color-interpolation-filters="linearRGB"><feColorMatrix type="matrix" values="'
  + '0.367322 0.860646 -0.227968 0 0  0.280085 0.672501 0.047413 0 0  -0.011820 0.042940 0.968881 0 0  0 0 0 1 0"/></filter>';
document.body.appendChild(svg);
const style = document.createElement('style');
style.textContent = 'body > *:not(svg) { filter: url(#deuteranopia); }';
document.head.appendChild(style);
return 0;
"#;

/// Centres (CSS pixels) of the output map's legend swatches and of its most negative and
/// most positive cells.
const SPOTS: &str = r#"
const cv = document.querySelector('#conv2d-output');
const fig = cv.closest('figure');
const sw = [...fig.querySelectorAll('.heat-legend .swatch')].map(s => { const r = s.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; });
const v = cv.dataset.values.split(',').map(Number), cols = +cv.dataset.cols;
const b = cv.getBoundingClientRect(), k = b.width / cv.width, cell = +cv.dataset.cell, m = +cv.dataset.margin, p = +cv.dataset.pad;
// Near the cell's top-left corner: inside the cell, clear of its value and of the rings.
const at = i => [b.left + (m + (p + i % cols + 0.15) * cell) * k, b.top + (m + (p + Math.floor(i / cols) + 0.15) * cell) * k];
const lo = v.indexOf(Math.min(...v)), hi = v.indexOf(Math.max(...v));
return { swatches: sw, neg: at(lo), pos: at(hi), dpr: devicePixelRatio };
"#;

/// Reads the pixels at `points` of a PNG (given as base64) with the page's own decoder.
const PIXELS: &str = r#"
const [b64, points, done] = arguments;
const img = new Image();
img.onload = () => {
  const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
  const g = c.getContext('2d'); g.drawImage(img, 0, 0);
  done(points.map(([x, y]) => [...g.getImageData(Math.round(x), Math.round(y), 1, 1).data].slice(0, 3)));
};
img.onerror = () => done(null);
img.src = 'data:image/png;base64,' + b64;
"#;

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for ch in bytes.chunks(3) {
        let n = (ch[0] as u32) << 16
            | (*ch.get(1).unwrap_or(&0) as u32) << 8
            | *ch.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            out.push(if i <= ch.len() {
                A[(n >> (18 - 6 * i) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    out
}

type Rgb = [f64; 3];

fn dist(a: Rgb, b: Rgb) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

fn luma(c: Rgb) -> f64 {
    0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
}

/// Where a colour lies on the blue–yellow axis that deuteranopes keep: > 0 yellow, < 0 blue.
fn yellowness(c: Rgb) -> f64 {
    (c[0] + c[1]) / 2.0 - c[2]
}

async fn deuteranopia() -> Res {
    let b = Browser::open("deuteranopia").await?;
    let c = &b.c;
    let base = b.base();
    c.goto(&format!("{base}#/conv2d")).await?;
    c.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("#conv2d-output")).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    js(c, "document.querySelector('#conv2d-stage').scrollIntoView(); return 0").await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let spots = js(c, SPOTS).await?;
    assert_eq!(spots["dpr"], serde_json::json!(1), "screenshot pixels are CSS pixels");
    let mut points: Vec<serde_json::Value> =
        spots["swatches"].as_array().ok_or("no legend")?.clone();
    assert_eq!(points.len(), 3, "negative, zero, positive: {spots}");
    points.push(spots["neg"].clone());
    points.push(spots["pos"].clone());

    let read = |v: &serde_json::Value| -> Vec<Rgb> {
        v.as_array()
            .into_iter()
            .flatten()
            .map(|p| {
                let p = p.as_array().cloned().unwrap_or_default();
                [0, 1, 2].map(|i| p.get(i).and_then(|x| x.as_f64()).unwrap_or(-1.0))
            })
            .collect()
    };
    let normal = read(
        &c.execute_async(
            PIXELS,
            vec![base64(&c.screenshot().await?).into(), points.clone().into()],
        )
        .await?,
    );
    step("deuteranopia simulated");
    js(c, DEUTERANOPIA).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let png = c.screenshot().await?;
    std::fs::create_dir_all(root().join("target/screenshots"))?;
    std::fs::write(root().join("target/screenshots/deuteranopia-conv2d.png"), &png)?;
    let sim = read(&c.execute_async(PIXELS, vec![base64(&png).into(), points.into()]).await?);
    eprintln!("    normal {normal:?}\n    deuteranopia {sim:?}");
    assert_eq!(sim.len(), 5, "pixels read back: {sim:?}");
    // The filter did something: red is no longer red.
    assert!(
        dist(normal[2], sim[2]) > 40.0,
        "the simulation changed the positive end: {:?} → {:?}",
        normal[2],
        sim[2]
    );
    let (neg, zero, pos) = (sim[0], sim[1], sim[2]);
    assert!(
        dist(neg, pos) >= 120.0,
        "negative and positive ends too close under deuteranopia: {neg:?} {pos:?}"
    );
    assert!(
        yellowness(neg) < -40.0 && yellowness(pos) > 40.0,
        "blue–yellow sides: {neg:?} {pos:?}"
    );
    assert!(
        luma(zero) > luma(neg) + 80.0 && luma(zero) > luma(pos) + 80.0,
        "zero stays the lightest: {zero:?} {neg:?} {pos:?}"
    );
    // The map's own cells, not only the legend.
    let (cn, cp) = (sim[3], sim[4]);
    assert!(
        dist(cn, cp) >= 100.0 && yellowness(cn) < 0.0 && yellowness(cp) > 0.0,
        "cells: {cn:?} {cp:?}"
    );
    b.close().await?;
    Ok(())
}
