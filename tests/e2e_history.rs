//! End-to-end, the run history on LeNet live (issue 23, item 5): a short run is found in
//! the table, still there after a reload (a damaged stored value beside it is ignored); a
//! second run with max pooling from a link; both ticked: one chart, two legend entries,
//! accuracy and loss; sorted by a header's button; one forgotten, taken back by the undo,
//! forgotten again (still gone after a reload); "Open this run" fills the form. Screenshots
//! in EN and FR, 1280×800, 390×844 and presentation mode, under target/screenshots/.
//!
//! `cargo xtask dist && cargo test --test e2e_history -- --ignored --nocapture`
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use convolab::nn::{Architecture, PoolKind};
use fantoccini::{Client, Locator};
use serde_json::json;
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn runs_are_kept_compared_and_forgotten() -> Res {
    within(Duration::from_secs(240), run()).await
}

/// The runs in the table, as `[id, data-end]` in the table's order.
async fn rows(c: &Client) -> Res<Vec<(String, String)>> {
    let v = js(c, "return [...document.querySelectorAll('#runs tbody tr')].map(r => [r.id.slice(4), r.dataset.end])").await?;
    Ok(v.as_array()
        .ok_or("no rows")?
        .iter()
        .map(|p| (p[0].as_str().unwrap_or("").to_string(), p[1].as_str().unwrap_or("").to_string()))
        .collect())
}

async fn click(c: &Client, css: &str) -> Res {
    c.find(Locator::Css(css)).await?.click().await?;
    tokio::time::sleep(Duration::from_millis(150)).await;
    Ok(())
}

/// Opens `link` afresh (a new hash alone does not reload the page, and the page reads its
/// link once), waits for the worker and the digits, and trains until the run finishes.
async fn train(c: &Client, link: &str, runs_before: usize) -> Res {
    c.goto(link).await?;
    c.refresh().await?;
    wait_js_within(
        c,
        "return !!document.querySelector('#train-start') && !document.querySelector('#train-start').disabled",
        Duration::from_secs(60),
        "ready to train",
    )
    .await?;
    js(c, "document.querySelector('#train-start').click(); return 0").await?;
    wait_js_within(
        c,
        &format!("return document.querySelectorAll('#runs tbody tr').length === {} && !document.querySelector('#runs tr[data-end=training]')", runs_before + 1),
        Duration::from_secs(90),
        "the run in the table, ended",
    )
    .await?;
    wait_text(c, "#train-status", "Finished.").await
}

async fn show_history(c: &Client, w: u32, h: u32, name: &str) -> Res {
    c.set_window_size(w, h).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    js(c, "document.querySelector('#history').scrollIntoView(); return 0").await?;
    tokio::time::sleep(Duration::from_millis(400)).await;
    shot(c, name).await
}

async fn run() -> Res {
    let b = Browser::open("history").await?;
    let c = &b.c;
    let base = b.base();
    let short = "epochs=1&batch=64&seed=3&shift=0";

    step("a fresh browser keeps no run; a short run appears in the table, finished");
    c.goto(&format!("{base}#/lenet")).await?;
    wait_text(c, "#history-empty", "No run yet: train a network and it appears here.").await?;
    train(c, &format!("{base}#/lenet?net=lenet&{short}"), 0).await?;
    let first = rows(c).await?;
    assert_eq!(first[0].1, "finished", "{first:?}");
    let id1 = first[0].0.clone();
    let row = text_of(c, &format!("#run-{id1}")).await?;
    assert!(
        row.contains("LeNet (course)") && row.contains("81,194") && row.contains("Adam 0.003"),
        "{row}"
    );
    let best =
        js(c, &format!("return Number(document.querySelector('#run-{id1}').dataset.best)")).await?;
    assert!(best.as_f64().is_some_and(|b| b > 0.5 && b <= 1.0), "best accuracy {best}");
    assert!(text_of(c, "#history-kept").await?.starts_with("1 run kept, about "));

    step("a reload keeps it; a damaged value in storage is ignored");
    js(c, "localStorage.setItem('convolab.run.12', 'not a run'); return 0").await?;
    c.refresh().await?;
    wait_js(
        c,
        "return document.querySelectorAll('#runs tbody tr').length === 1",
        "the run after a reload",
    )
    .await?;
    assert_eq!(rows(c).await?, first);

    step("a second run, max pooling, from a link");
    let max = Architecture::default().with_pooling(PoolKind::Max).to_text();
    train(c, &format!("{base}#/lenet?net={max}&{short}"), 1).await?;
    let both = rows(c).await?;
    // Newest first.
    let id2 = both[0].0.clone();
    assert_eq!((both[1].0.as_str(), both.len()), (id1.as_str(), 2), "{both:?}");
    // Named by the switch turned; its full text in the tooltip.
    assert_eq!(text_of(c, &format!("#run-{id2} td.net")).await?, "LeNet (course), max pooling");
    assert_eq!(
        js(c, &format!("return document.querySelector('#run-{id2} td.net').title")).await?,
        json!(max)
    );

    step("both ticked: one chart, two legend entries; accuracy, then loss");
    click(c, &format!("#run-pick-{id1}")).await?;
    wait_text(c, "#compare-hint", "Tick one more run to compare.").await?;
    click(c, &format!("#run-pick-{id2}")).await?;
    wait_js(c, "return document.querySelector('#compare-chart')?.dataset.runs === '2' && document.querySelectorAll('#compare-legend li').length === 2", "the chart of two runs").await?;
    assert_eq!(
        js(c, "return document.querySelector('#compare-chart').dataset.metric").await?,
        json!("accuracy")
    );
    click(c, "#compare-loss").await?;
    wait_js(c, "return document.querySelector('#compare-chart').dataset.metric === 'loss'", "loss")
        .await?;
    assert_eq!(
        js(c, "return document.querySelector('#compare-loss').getAttribute('aria-pressed')")
            .await?,
        json!("true")
    );
    click(c, "#compare-accuracy").await?;
    let broken: Vec<_> = axe_audit(c)
        .await?
        .into_iter()
        .filter(|v| {
            ["#run", "#history", "#compare", ".runs", "#sort"].iter().any(|k| v.example.contains(k))
        })
        .collect();
    assert!(broken.is_empty(), "accessibility of the history: {broken:?}");

    step("sorted by a header's button, by the keyboard too");
    click(c, "#sort-params").await?;
    assert_eq!(
        js(
            c,
            "return document.querySelector('#sort-params').parentElement.getAttribute('aria-sort')"
        )
        .await?,
        json!("descending")
    );
    js(c, "document.querySelector('#sort-date').focus(); return 0").await?;
    press(c, fantoccini::key::Key::Enter).await?;
    assert_eq!(
        js(
            c,
            "return document.querySelector('#sort-date').parentElement.getAttribute('aria-sort')"
        )
        .await?,
        json!("descending")
    );
    press(c, fantoccini::key::Key::Enter).await?;
    wait_js(c, "return document.querySelector('#sort-date').parentElement.getAttribute('aria-sort') === 'ascending'", "ascending").await?;
    assert_eq!(
        rows(c).await?.iter().map(|r| r.0.clone()).collect::<Vec<_>>(),
        [id1.clone(), id2.clone()],
        "oldest first"
    );
    press(c, fantoccini::key::Key::Enter).await?;

    step("screenshots: EN, phone, presentation, FR");
    show_history(c, 1280, 800, "history-en").await?;
    show_history(c, 390, 844, "history-en-phone").await?;
    // The table scrolls inside its box: the history adds nothing that spills sideways.
    let spill = js(c, "const w = document.documentElement.clientWidth; return [...document.querySelectorAll('#history, #history *')].filter(e => !e.parentElement.closest('.table-scroll') && e.getBoundingClientRect().right > w + 0.5).map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 5)").await?;
    let wide = js(c, "const w = document.documentElement.clientWidth; return [...document.querySelectorAll('main *')].filter(e => !e.parentElement.closest('.table-scroll') && e.getBoundingClientRect().right > w + 0.5).map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 8)").await?;
    assert_eq!(spill, json!([]), "the history spills sideways at 390 px (the page: {wide})");
    eprintln!("at 390 px, what spills sideways: {wide} (overflow {})", sideways_overflow(c).await?);
    c.set_window_size(1280, 800).await?;
    click(c, "#present-toggle").await?;
    show_history(c, 1280, 800, "history-en-present").await?;
    js(c, "document.querySelector('.compare').scrollIntoView(); return 0").await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    shot(c, "history-en-present-chart").await?;
    let label =
        js(c, "return Number(document.querySelector('#compare-chart').dataset.labelPx)").await?;
    assert!(label.as_f64().is_some_and(|l| l >= 20.0), "presentation type on the chart: {label}");
    click(c, "#present-toggle").await?;
    click(c, "#lang-fr").await?;
    wait_text(c, "#history-title", "Vos entraînements").await?;
    let row = text_of(c, &format!("#run-{id1}")).await?;
    assert!(
        row.contains("LeNet (du cours)")
            && row.contains("81\u{202f}194")
            && row.contains("terminé"),
        "{row}"
    );
    show_history(c, 1280, 800, "history-fr").await?;
    show_history(c, 390, 844, "history-fr-phone").await?;
    c.set_window_size(1280, 800).await?;
    click(c, "#present-toggle").await?;
    show_history(c, 1280, 800, "history-fr-present").await?;
    click(c, "#present-toggle").await?;
    click(c, "#lang-en").await?;
    wait_text(c, "#history-title", "Your runs").await?;

    step("forget one: undo brings it back; forgotten again, it stays gone after a reload");
    click(c, &format!("#run-forget-{id2}")).await?;
    wait_text(c, "#history-forgotten > span", "1 run forgotten.").await?;
    assert_eq!(rows(c).await?.len(), 1);
    assert!(
        js(c, "return !document.querySelector('#compare-chart')").await? == json!(true),
        "one run left: no chart"
    );
    click(c, "#history-undo").await?;
    wait_js(c, "return document.querySelectorAll('#runs tbody tr').length === 2", "undone").await?;
    click(c, &format!("#run-forget-{id2}")).await?;
    wait_js(c, "return document.querySelectorAll('#runs tbody tr').length === 1", "forgotten")
        .await?;
    c.refresh().await?;
    wait_js(
        c,
        "return document.querySelectorAll('#runs tbody tr').length === 1",
        "forgotten after a reload",
    )
    .await?;
    assert_eq!(rows(c).await?[0].0, id1);

    step("'Open this run' puts its network and settings in the form");
    js(c, "const e = document.getElementById('set-epochs'); e.value = '7'; e.dispatchEvent(new Event('input', { bubbles: true })); return 0").await?;
    wait_js(c, "return location.hash.includes('epochs=7')", "the form changed").await?;
    click(c, &format!("#run-open-{id1}")).await?;
    wait_js(c, "return !!document.querySelector('#history-opened') && document.getElementById('set-epochs').value === '1' && location.hash.includes('net=lenet')", "the run's settings").await?;

    assert_no_console_errors(&b.console_log().await?);
    b.close().await?;
    Ok(())
}
