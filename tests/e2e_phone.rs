//! Issue 27 points 1 and 2: every page on a phone, by finger. Chromium emulates a touch
//! screen (`Browser::touch_screen`: touch events, a coarse pointer, a mobile layout) at
//! 390×844 in English and French: the lesson menu reaches every lesson; on the 2D lab a tap
//! on an output cell (and a drag along the map) picks a window and shows its arithmetic; on
//! LeNet a finger stroke in the first screen gives a prediction read without scrolling. No
//! page is wider than the screen at 320×568, 390×844, 844×390, 768×1024 and 1280×577, before
//! and after drawing; every control but the heat maps' cells measures at least 44×44 CSS px;
//! axe-core finds nothing serious. Screenshots: `phone-<lang>-<page>-<w>x<h>`.
//!
//! Ignored by plain `cargo test`: `cargo xtask test` runs it on the release dist/.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::json;
use support::*;

const ROUTES: &[&str] = &[
    "/", "/history", "/conv1d", "/conv2d", "/pooling", "/dropout", "/learn", "/lenet", "/classes",
];
const LESSONS: &[&str] =
    &["/history", "/conv1d", "/conv2d", "/pooling", "/dropout", "/learn", "/lenet", "/classes"];

fn name(route: &str) -> &str {
    match route.trim_start_matches('/') {
        "" => "home",
        r => r,
    }
}

async fn open_phone(tag: &str, w: u32, h: u32, lang: &str) -> Res<Browser> {
    let b = Browser::open(tag).await?;
    b.touch_screen(w, h).await?;
    b.c.goto(&b.base()).await?;
    b.c.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("main h1")).await?;
    b.tap(&format!("#lang-{lang}")).await?;
    wait_js(&b.c, &format!("return document.documentElement.lang === '{lang}'"), "language")
        .await?;
    Ok(b)
}

async fn goto(b: &Browser, route: &str) -> Res {
    b.c.goto(&format!("{}#{route}", b.base())).await?;
    wait_js_within(
        &b.c,
        &format!("return location.hash.split('?')[0] === '#{route}' && !!document.querySelector('main h1') && !document.getElementById('boot')"),
        Duration::from_secs(30),
        &format!("{route} shown"),
    )
    .await?;
    // Let lazy parts (the whole app, digits, weights, canvases) settle.
    tokio::time::sleep(Duration::from_millis(700)).await;
    Ok(())
}

/// The elements that reach past the screen's right edge (the innermost few), to say why.
async fn too_wide(c: &Client) -> Res<String> {
    let v = js(c, r#"const W = document.documentElement.clientWidth;
        const clipped = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) { if (getComputedStyle(a).overflowX !== 'visible') return true; } return false; };
        const out = e => e.getBoundingClientRect().right > W + 0.5 && !clipped(e);
        return [...document.querySelectorAll('body *')].filter(e => out(e) && !(e.parentElement && out(e.parentElement)))
          .slice(0, 4).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + String(e.className).trim().split(/\s+/).join('.') + ' ' + Math.round(e.getBoundingClientRect().width) + ' px in ' + e.parentElement.tagName.toLowerCase() + '.' + String(e.parentElement.className).trim().split(/\s+/).join('.')).join('; ')"#).await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

/// How far the page is wider than the screen (CSS px; 0 when it fits).
async fn overflow(c: &Client, w: u32) -> Res<i64> {
    let v =
        js(c, "return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
            .await?;
    Ok(v.as_i64().unwrap_or(i64::MAX) - w as i64)
}

/// Every interactive element shown that is smaller than 44×44 CSS px: "tag#id.class text
/// W×H". A checkbox or radio counts by its label's box; heat-map canvases and the 1D plot's
/// output samples are exempt (they are picked by dragging along the map or the plot's output
/// band); links inside a sentence are exempt (WCAG 2.5.5's inline exception).
async fn small_targets(c: &Client) -> Res<Vec<String>> {
    let v = js(
        c,
        r#"const out = [];
        const sel = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';
        for (const el of document.querySelectorAll(sel)) {
          if (el.closest('.heatmap, .conv1d-plot') || el.closest('.visually-hidden') || el.matches('.skip-link')) continue;
          if (el.matches('input[type=hidden]')) continue;
          let box = el;
          if (el.matches('input[type=checkbox], input[type=radio]')) box = el.closest('label') || el;
          if (el.matches('.btn.file input')) box = el.closest('.btn');
          const cs = getComputedStyle(box);
          const r = box.getBoundingClientRect();
          if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden') continue;
          if (el.tagName === 'A' && getComputedStyle(el).display === 'inline' && el.closest('p, li, td, small, figcaption, span')) continue;
          if (r.width < 43.5 || r.height < 43.5) {
            const id = el.id ? '#' + el.id : '';
            const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '';
            const text = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 24);
            out.push(`${el.tagName.toLowerCase()}${id}${cls} "${text}" ${Math.round(r.width)}×${Math.round(r.height)}`);
          }
        }
        return out;"#,
    )
    .await?;
    Ok(v.as_array().ok_or("no list")?.iter().filter_map(|x| x.as_str().map(String::from)).collect())
}

async fn header_ok(c: &Client) -> Res {
    let v = js(c, "const h = document.querySelector('.topbar').getBoundingClientRect(); return [h.top, h.height, getComputedStyle(document.querySelector('.topbar')).position]").await?;
    assert!(v[1].as_f64().unwrap_or(999.0) <= 56.0, "the phone header is short: {v}");
    assert_eq!(v[2], json!("sticky"), "the phone header stays on screen");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn the_menu_reaches_every_lesson_by_finger() -> Res {
    within(Duration::from_secs(300), async {
        for lang in ["en", "fr"] {
            let b = open_phone(&format!("phone-menu-{lang}"), 390, 844, lang).await?;
            let c = &b.c;
            assert_eq!(
                js(c, "return matchMedia('(pointer: coarse)').matches").await?,
                json!(true),
                "the emulated screen is a touch screen"
            );
            header_ok(c).await?;
            // Folded: the list is not shown; the button says so.
            assert_eq!(
                js(c, "return [document.querySelector('#menu-toggle').getAttribute('aria-expanded'), getComputedStyle(document.querySelector('#mainnav-list')).display, document.querySelector('#menu-toggle').getAttribute('aria-controls')]").await?,
                json!(["false", "none", "mainnav-list"])
            );
            shot(c, &format!("phone-{lang}-home-390x844")).await?;
            for route in LESSONS {
                step(&format!("{lang}: menu → {route}"));
                b.tap("#menu-toggle").await?;
                assert_eq!(
                    js(c, "return document.querySelector('#menu-toggle').getAttribute('aria-expanded')").await?,
                    json!("true")
                );
                if *route == "/history" {
                    shot(c, &format!("phone-{lang}-menu-390x844")).await?;
                    // The list's links are a finger wide, inside the screen.
                    let small = js(c, "return [...document.querySelectorAll('#mainnav-list a')].filter(a => { const r = a.getBoundingClientRect(); return r.height < 44 || r.width < 44 || r.right > innerWidth || r.bottom > innerHeight; }).map(a => a.textContent)").await?;
                    assert_eq!(small, json!([]), "menu links too small or off screen");
                }
                b.tap(&format!("#mainnav-list a[href$='#{route}']")).await?;
                wait_js_within(
                    c,
                    &format!("return location.hash.split('?')[0] === '#{route}' && !!document.querySelector('main h1')"),
                    Duration::from_secs(30),
                    &format!("{route} reached"),
                )
                .await?;
                // Choosing closes the menu; the new page's title has the focus.
                wait_js(
                    c,
                    "return document.querySelector('#menu-toggle').getAttribute('aria-expanded') === 'false' && getComputedStyle(document.querySelector('#mainnav-list')).display === 'none'",
                    "menu folded after a choice",
                )
                .await?;
                assert_eq!(
                    js(c, &format!("return document.querySelector('#mainnav-list a[href$=\"#{route}\"]').classList.contains('current')")).await?,
                    json!(true)
                );
            }
            // By keyboard: the button opens it, Escape folds it and gives the focus back.
            js(c, "document.querySelector('#menu-toggle').focus(); return 0").await?;
            press(c, Key::Enter).await?;
            wait_js(c, "return document.querySelector('#menu-toggle').getAttribute('aria-expanded') === 'true'", "menu open by Enter").await?;
            press(c, Key::Tab).await?;
            assert_eq!(
                js(c, "return document.activeElement.closest('#mainnav-list') !== null").await?,
                json!(true),
                "Tab goes from the button into the list"
            );
            press(c, Key::Escape).await?;
            assert_eq!(
                js(c, "return [document.querySelector('#menu-toggle').getAttribute('aria-expanded'), document.activeElement.id]").await?,
                json!(["false", "menu-toggle"])
            );
            // Scrolled down, the header is still on screen.
            js(c, "window.scrollTo(0, 1500); return 0").await?;
            tokio::time::sleep(Duration::from_millis(150)).await;
            let top = js(c, "return [scrollY > 0, document.querySelector('.topbar').getBoundingClientRect().top]").await?;
            assert_eq!(top, json!([true, 0]), "sticky header after scrolling");
            b.close().await?;
        }
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn a_tap_on_the_2d_output_shows_its_window_and_arithmetic() -> Res {
    within(Duration::from_secs(200), async {
        for lang in ["en", "fr"] {
            let b = open_phone(&format!("phone-conv2d-{lang}"), 390, 844, lang).await?;
            let c = &b.c;
            goto(&b, "/conv2d").await?;
            let lap = js(c, "const o = [...document.querySelectorAll('#conv2d-kernel option')].find(o => /lapla/i.test(o.textContent)); return o ? o.value : null").await?;
            let lap = lap.as_str().ok_or("no Laplacian in the kernel list")?.to_string();
            choose(c, "#conv2d-kernel", &lap).await?;
            tokio::time::sleep(Duration::from_millis(200)).await;
            let rows = js(c, "return Number(document.querySelector('#conv2d-output').dataset.rows)").await?;
            let cols = js(c, "return Number(document.querySelector('#conv2d-output').dataset.cols)").await?;
            let (rows, cols) = (rows.as_f64().unwrap_or(0.0), cols.as_f64().unwrap_or(0.0));
            assert!(rows >= 2.0 && cols >= 2.0, "an output map: {rows}×{cols}");
            js(c, "document.querySelector('#conv2d-output').scrollIntoView({ block: 'center' }); return 0").await?;
            tokio::time::sleep(Duration::from_millis(200)).await;
            // The centre of cell (r, c) as an offset from the canvas's centre, as shown.
            let geo = js(c, "const cv = document.querySelector('#conv2d-output'), r = cv.getBoundingClientRect(); return [Number(cv.dataset.cell), Number(cv.dataset.margin), r.width / cv.width, cv.width, cv.height, r.bottom <= innerHeight, r.top >= 0]").await?;
            let f = |i: usize| geo[i].as_f64().unwrap_or(0.0);
            let (cell, m, k, w, h) = (f(0), f(1), f(2), f(3), f(4));
            assert_eq!((geo[5].clone(), geo[6].clone()), (json!(true), json!(true)), "the output map on screen");
            let at = |r: f64, col: f64| ((m + (col + 0.5) * cell - w / 2.0) * k, (m + (r + 0.5) * cell - h / 2.0) * k);
            let (x, y) = at(rows - 1.0, 0.0);
            let scroll_before = js(c, "return scrollY").await?;
            b.finger_on("#conv2d-output", &[(x, y)]).await?;
            let want = ((rows - 1.0) * cols + 1.0) as i64;
            wait_js(
                c,
                &format!("return document.querySelector('#conv2d-count').textContent.includes('{want} ')"),
                "the tapped cell's window",
            )
            .await?;
            assert_eq!(
                js(c, "return document.querySelector('#conv2d-output').dataset.cursor").await?,
                json!(format!("{},0", rows as i64 - 1))
            );
            let arith = text_of(c, "#conv2d-arith").await?;
            assert!(arith.contains('×') && arith.contains('='), "the window's arithmetic: {arith:?}");
            // The arithmetic shows on screen with the map, large enough to read.
            let read = js(c, "const a = document.querySelector('#conv2d-arith'), r = a.getBoundingClientRect(); return [r.top >= 0 && r.top < innerHeight, parseFloat(getComputedStyle(a).fontSize) >= 17]").await?;
            assert_eq!(read, json!([true, true]), "arithmetic in view and large");
            shot(c, &format!("phone-{lang}-conv2d-tapped-390x844")).await?;
            // A drag along the top row picks each cell under the finger; the page stays put.
            let (x0, y0) = at(0.0, 0.0);
            let (x1, _) = at(0.0, cols - 1.0);
            let drag: Vec<(f64, f64)> = (0..=8).map(|i| (x0 + (x1 - x0) * i as f64 / 8.0, y0)).collect();
            b.finger_on("#conv2d-output", &drag).await?;
            tokio::time::sleep(Duration::from_millis(200)).await;
            assert_eq!(
                js(c, "return document.querySelector('#conv2d-output').dataset.cursor").await?,
                json!(format!("0,{}", cols as i64 - 1)),
                "the drag ends on the last cell of the row"
            );
            assert_eq!(js(c, "return scrollY").await?, scroll_before, "dragging on the map does not scroll");
            b.close().await?;
        }
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn lenet_a_finger_stroke_and_its_prediction_on_the_first_screen() -> Res {
    within(Duration::from_secs(200), async {
        for lang in ["en", "fr"] {
            let b = open_phone(&format!("phone-lenet-{lang}"), 390, 844, lang).await?;
            let c = &b.c;
            goto(&b, "/lenet").await?;
            wait_js_within(c, "return !!document.querySelector('#pad') && !!document.querySelector('#probs-empty')", Duration::from_secs(30), "the pad").await?;
            wait_js_within(c, "return /pretrained|préentraîn|pré-entraîn/i.test(document.querySelector('#weights-source').textContent)", Duration::from_secs(30), "pretrained weights").await?;
            assert_eq!(js(c, "return scrollY").await?, json!(0));
            let pad = js(c, "const r = document.querySelector('#pad').getBoundingClientRect(); return [r.top >= 0, r.bottom <= innerHeight, r.width >= 200]").await?;
            assert_eq!(pad, json!([true, true, true]), "the pad on the first screen, a finger's size");
            b.finger_on("#pad", &[(5.0, -80.0), (0.0, 0.0), (-5.0, 80.0)]).await?;
            wait_js_within(c, "return document.querySelectorAll('#probs li').length === 10", Duration::from_secs(10), "ten bars").await?;
            let p = probs(c).await?;
            let best = (0..10).max_by(|&a, &b| p[a].total_cmp(&p[b])).ok_or("no probabilities")?;
            assert_eq!(best, 1, "a vertical finger stroke is a 1: {p:?}");
            let seen = js(c, "const r = document.querySelector('#probs').getBoundingClientRect(); return [scrollY, r.top >= 0, r.bottom <= innerHeight]").await?;
            assert_eq!(seen, json!([0, true, true]), "the ten probabilities read without scrolling");
            shot(c, &format!("phone-{lang}-lenet-drawn-390x844")).await?;
            b.close().await?;
        }
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn no_page_is_wider_than_the_screen() -> Res {
    within(Duration::from_secs(600), async {
        let sizes: &[(u32, u32)] = &[(320, 568), (390, 844), (844, 390), (768, 1024), (1280, 577)];
        let mut wide = Vec::new();
        for lang in ["en", "fr"] {
            let b = open_phone(&format!("phone-wide-{lang}"), 390, 844, lang).await?;
            let c = &b.c;
            for &(w, h) in sizes {
                b.touch_screen(w, h).await?;
                for route in ROUTES {
                    goto(&b, route).await?;
                    let o = overflow(c, w).await?;
                    if o > 0 {
                        wide.push(format!("{lang} {route} {w}×{h}: {o} px too wide ({})", too_wide(c).await?));
                    }
                    if (w, h) == (390, 844) || (w, h) == (844, 390) {
                        shot(c, &format!("phone-{lang}-{}-{w}x{h}", name(route))).await?;
                    }
                    // After drawing (LeNet: every layer's strips), and at the last window of a lab.
                    let after = match *route {
                        "/lenet" => {
                            wait_js_within(c, "return !!document.querySelector('#pad')", Duration::from_secs(30), "pad").await?;
                            js(c, "document.querySelector('#pad').scrollIntoView({ block: 'center' }); return 0").await?;
                            b.finger_on("#pad", &[(-40.0, -60.0), (40.0, -60.0), (0.0, 70.0)]).await?;
                            wait_js_within(c, "return document.querySelectorAll('#probs li').length === 10", Duration::from_secs(10), "ten bars").await?;
                            true
                        }
                        "/conv2d" | "/pooling" | "/conv1d" | "/dropout" => {
                            let id = match *route { "/conv2d" => "conv2d", "/pooling" => "pool", "/conv1d" => "conv1d", _ => "dropout" };
                            js(c, &format!("const b = document.querySelector('#{id}-last'); if (b) b.click(); return 0")).await?;
                            true
                        }
                        _ => false,
                    };
                    if after {
                        tokio::time::sleep(Duration::from_millis(300)).await;
                        let o = overflow(c, w).await?;
                        if o > 0 {
                            wide.push(format!("{lang} {route} {w}×{h} after drawing/stepping: {o} px too wide ({})", too_wide(c).await?));
                        }
                        if *route == "/lenet" && w == 390 {
                            shot(c, &format!("phone-{lang}-lenet-after-{w}x{h}")).await?;
                        }
                    }
                }
            }
            b.close().await?;
        }
        assert!(wide.is_empty(), "pages wider than the screen:\n{}", wide.join("\n"));
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn every_control_is_a_finger_wide_and_axe_finds_nothing_serious() -> Res {
    within(Duration::from_secs(600), async {
        let mut small = Vec::new();
        let mut serious = Vec::new();
        for lang in ["en", "fr"] {
            let b = open_phone(&format!("phone-targets-{lang}"), 390, 844, lang).await?;
            let c = &b.c;
            for route in ROUTES {
                step(&format!("targets {lang} {route}"));
                goto(&b, route).await?;
                if *route == "/lenet" {
                    wait_js_within(
                        c,
                        "return !!document.querySelector('#pad')",
                        Duration::from_secs(30),
                        "pad",
                    )
                    .await?;
                    b.finger_on("#pad", &[(5.0, -80.0), (0.0, 0.0), (-5.0, 80.0)]).await?;
                    wait_js_within(
                        c,
                        "return document.querySelectorAll('#probs li').length === 10",
                        Duration::from_secs(10),
                        "ten bars",
                    )
                    .await?;
                    tokio::time::sleep(Duration::from_millis(300)).await;
                }
                for s in small_targets(c).await? {
                    small.push(format!("{lang} {route}: {s}"));
                }
                for v in axe_audit(c).await? {
                    if v.impact == "serious" || v.impact == "critical" {
                        serious.push(format!(
                            "{lang} {route}: {} ({}) ×{} e.g. {}",
                            v.id, v.impact, v.nodes, v.example
                        ));
                    }
                }
                // The menu open is audited too.
                if *route == "/" {
                    b.tap("#menu-toggle").await?;
                    for v in axe_audit(c).await? {
                        if v.impact == "serious" || v.impact == "critical" {
                            serious.push(format!(
                                "{lang} menu open: {} ({}) e.g. {}",
                                v.id, v.impact, v.example
                            ));
                        }
                    }
                    b.tap("#menu-toggle").await?;
                }
            }
            b.close().await?;
        }
        println!("    small targets: {}", small.len());
        for s in &small {
            println!("    {s}");
        }
        println!("    axe serious/critical: {}", serious.len());
        for s in &serious {
            println!("    {s}");
        }
        assert!(small.is_empty(), "controls under 44×44 CSS px:\n{}", small.join("\n"));
        assert!(serious.is_empty(), "axe:\n{}", serious.join("\n"));
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn a_drag_along_the_1d_output_picks_the_window_under_the_finger() -> Res {
    within(Duration::from_secs(120), async {
        let b = open_phone("phone-conv1d", 390, 844, "en").await?;
        let c = &b.c;
        goto(&b, "/conv1d").await?;
        let n = js(c, "return document.querySelectorAll('#conv1d-output .sample.out').length").await?;
        let n = n.as_i64().ok_or("no outputs")?;
        assert!(n >= 3, "{n} outputs");
        js(c, "document.querySelector('#conv1d-plot').scrollIntoView({ block: 'center' }); return 0").await?;
        tokio::time::sleep(Duration::from_millis(200)).await;
        // Offsets from the plot's centre of the first and last output samples, along the
        // middle of the output band (a finger aims at the plot, not at an SVG group).
        let geo = js(c, "const p = document.querySelector('#conv1d-plot').getBoundingClientRect(), s = [...document.querySelectorAll('#conv1d-output .sample.out .hit')].map(h => h.getBoundingClientRect()); const mid = r => r.left + r.width / 2; return [mid(s[0]) - mid(p), mid(s[s.length - 1]) - mid(p), s[0].width, s[0].top + s[0].height / 2 - (p.top + p.height / 2)]").await?;
        let f = |i: usize| geo[i].as_f64().unwrap_or(0.0);
        let (x0, x1, y) = (f(0), f(1), f(3));
        assert!(f(2) < 44.0, "on a phone an output sample is narrower than a finger: {geo}");
        let scroll_before = js(c, "return scrollY").await?;
        b.finger_on("#conv1d-plot", &[(x0, y), ((x0 + x1) / 2.0, y), (x1, y)]).await?;
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(
            js(c, "return document.querySelector('#conv1d-output .sample.out.current').dataset.index").await?,
            json!((n - 1).to_string()),
            "the drag ends on the last output"
        );
        assert_eq!(js(c, "return scrollY").await?, scroll_before, "dragging on the plot does not scroll");
        // A tap on one sample picks it too.
        b.finger_on("#conv1d-plot", &[(x0, y)]).await?;
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(
            js(c, "return document.querySelector('#conv1d-output .sample.out.current').dataset.index").await?,
            json!("0")
        );
        let arith = text_of(c, "#conv1d-arith").await?;
        assert!(arith.contains('×'), "the window's arithmetic: {arith:?}");
        shot(c, "phone-en-conv1d-dragged-390x844").await?;
        b.close().await?;
        Ok(())
    })
    .await
}
