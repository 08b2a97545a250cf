//! End-to-end, "Your classes" kept and fed (#/classes, issue 25): the real release `dist/` in
//! headless Chromium. The set lives in IndexedDB (a reload keeps it, the held-out share too),
//! the storage line shows the set's size and the browser's allowance, the held-out share is
//! a control (an out-of-range value refused), MNIST digits come in as a class of their own
//! (a failed digits file refused), a full storage is said with the set kept and stored at
//! the next save, 5,000 files at once are refused; EN and FR. A set left in localStorage by
//! the first version is moved into IndexedDB. Screenshots under target/screenshots/
//! (`classes-store-*`).
//!
//! `cargo xtask dist && cargo test --test e2e_classes_store -- --ignored --nocapture --test-threads=1`
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use convolab::nn::dataset::{Class, DataSet, PIXELS};
use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use support::*;

async fn click(c: &Client, css: &str) -> Res {
    c.find(Locator::Css(css)).await?.click().await?;
    tokio::time::sleep(Duration::from_millis(80)).await;
    Ok(())
}

/// Names and counts of the classes on screen.
async fn classes(c: &Client) -> Res<Value> {
    js(c, "return [...document.querySelectorAll('.cl-class')].map(li => [li.querySelector('.cl-name').value, li.querySelectorAll('.cl-thumb').length])").await
}

/// An element's text as written (WebDriver's text turns no-break spaces into spaces).
async fn content(c: &Client, css: &str) -> Res<String> {
    let v = js(c, &format!("return document.querySelector({}).textContent", json!(css))).await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

/// The notice once `act` has changed it (each step below says something new).
async fn notice_after(c: &Client, act: impl Future<Output = Res>) -> Res<String> {
    let before = js(c, "return document.querySelector('#cl-notice')?.textContent ?? ''").await?;
    act.await?;
    let changed = format!(
        "const t = document.querySelector('#cl-notice')?.textContent; return !!t && t !== {before}"
    );
    wait_js(c, &changed, "a new notice").await?;
    tokio::time::sleep(Duration::from_millis(150)).await;
    content(c, "#cl-notice").await
}

/// Draws a bar on the pad and adds it to the selected class.
async fn draw_and_add(c: &Client) -> Res {
    js(c, "document.querySelector('#cl-pad').scrollIntoView({ block: 'center' }); return 0")
        .await?;
    stroke(c, "#cl-pad", &[(0.0, -70.0), (3.0, 70.0)]).await?;
    click(c, "#cl-add").await
}

async fn pick_class(c: &Client, k: usize) -> Res {
    click(c, &format!("li[data-class=\"{k}\"] input[type=radio]")).await
}

/// The page loaded: the editor is on screen (after "Loading your classes…").
async fn editor(c: &Client) -> Res {
    wait_js(
        c,
        "return !!document.querySelector('.cl-class') && !document.querySelector('#cl-loading')",
        "the editor",
    )
    .await
}

/// 5,000 tiny files put on the upload field at once, as a drop of a whole folder would.
const FIVE_THOUSAND: &str = "const dt = new DataTransfer(); for (let i = 0; i < 5000; i++) dt.items.add(new File([new Uint8Array([137, 80, 78, 71])], 'f' + i + '.png', { type: 'image/png' })); const i = document.querySelector('#cl-upload'); i.files = dt.files; i.dispatchEvent(new Event('change', { bubbles: true })); return 0";

/// axe-core's serious or critical problems inside the elements `parts`.
async fn axe_serious_in(c: &Client, parts: &[&str]) -> Res<Vec<String>> {
    let path = root().join("target/test-tools/node_modules/axe-core/axe.min.js");
    let src = std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: {e} (run `cargo xtask setup --browser`)", path.display()))?;
    if js(c, "return typeof window.axe").await? != json!("object") {
        c.execute(&src, vec![]).await?;
    }
    let include: Vec<Vec<&str>> = parts.iter().map(|p| vec![*p]).collect();
    let out = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run({ include: arguments[0] }, { resultTypes: ['violations'] })
                .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.id + ' (' + v.impact + ') ×' + v.nodes.length + ' e.g. ' + v.nodes[0].target.join(' '))))
                .catch(e => done(['axe failed: ' + e]));",
            vec![json!(include)],
        )
        .await?;
    Ok(out
        .as_array()
        .ok_or("axe: not a list")?
        .iter()
        .filter_map(|v| v.as_str().map(String::from))
        .collect())
}

/// Records, at each change of the page, "loading" or the names of the classes on screen.
const WATCH_LOAD: &str = "window.__seen = []; new MutationObserver(() => { if (document.querySelector('#cl-loading') && window.__seen[window.__seen.length - 1] !== 'loading') window.__seen.push('loading'); const names = [...document.querySelectorAll('.cl-class .cl-name')].map(i => i.value).join('|'); if (names && window.__seen[window.__seen.length - 1] !== names) window.__seen.push(names); }).observe(document, { subtree: true, childList: true });";

const BREAK_PUT: &str = "window.__put = IDBObjectStore.prototype.put; IDBObjectStore.prototype.put = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); }; return 0";
const MEND_PUT: &str = "IDBObjectStore.prototype.put = window.__put; return 0";

#[tokio::test]
#[ignore = "needs dist/, chromedriver and chromium (cargo xtask test)"]
async fn the_set_is_kept_in_indexeddb_with_its_share_and_mnist_digits() -> Res {
    let b = Browser::open_at("classes-store", (1280, 800), "#/classes", "Your classes").await?;
    let c = &b.c;
    editor(c).await?;
    assert_eq!(classes(c).await?, json!([["A", 0], ["B", 0]]));

    step("EN: the storage line says what the site uses and what the browser allows");
    wait_js(c, "return !!document.querySelector('#cl-quota')", "the storage line").await?;
    let q = content(c, "#cl-quota").await?;
    let words: Vec<&str> = q.split(' ').collect();
    assert!(q.starts_with("This site uses ") && q.ends_with(" this browser allows it."), "{q}");
    assert!(
        words[3].chars().all(|ch| ch.is_ascii_digit() || ch == '.' || ch == ',')
            && ["KB", "MB", "GB"].contains(&words[4])
            && words[7].chars().all(|ch| ch.is_ascii_digit() || ch == '.' || ch == ',')
            && ["MB", "GB"].contains(&words[8]),
        "{q}"
    );

    step("EN: the held-out share: 30 kept, 70 and 12.5 refused with the old one kept");
    choose(c, "#cl-held-out", "30").await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let n = notice_after(c, choose(c, "#cl-held-out", "70")).await?;
    assert_eq!(
        n,
        "“70” cannot be the held-out share: choose a whole number from 5 to 50. It stays at 30%."
    );
    assert_eq!(js(c, "return document.querySelector('#cl-held-out').value").await?, json!("30"));
    let n = notice_after(c, choose(c, "#cl-held-out", "12.5")).await?;
    assert!(n.starts_with("“12.5” cannot be the held-out share"), "{n}");

    step("EN: a failed digits file is said, nothing added");
    js(c, "window.__fetch = window.fetch; window.fetch = function (u) { return String(u).includes('mnist10k') ? Promise.reject(new TypeError('offline')) : window.__fetch.apply(this, arguments); }; return 0").await?;
    choose(c, "#cl-mnist-digit", "3").await?;
    let n = notice_after(c, click(c, "#cl-mnist-add")).await?;
    assert!(n.starts_with("The digits file could not be reached"), "{n}");
    assert!(n.ends_with("Your classes are kept."), "{n}");
    assert_eq!(classes(c).await?, json!([["A", 0], ["B", 0]]));
    js(c, "window.fetch = window.__fetch; return 0").await?;

    step("EN: 20 MNIST threes become class “3”, 5 more the next ones; 0 refused");
    let n = notice_after(c, click(c, "#cl-mnist-add")).await?;
    assert_eq!(n, "MNIST digits added to “3”: 20.");
    assert_eq!(classes(c).await?, json!([["A", 0], ["B", 0], ["3", 20]]));
    // 30 % of 20 held out.
    assert_eq!(text_of(c, "li[data-class=\"2\"] .cl-split").await?, "14 to learn, 6 held out");
    choose(c, "#cl-mnist-count", "5").await?;
    let n = notice_after(c, click(c, "#cl-mnist-add")).await?;
    assert_eq!(n, "MNIST digits added to “3”: 5.");
    choose(c, "#cl-mnist-count", "0").await?;
    let n = notice_after(c, click(c, "#cl-mnist-add")).await?;
    assert_eq!(
        n,
        "“0” digits cannot be added: choose how many from 1 to 1,000. Nothing was added."
    );
    assert_eq!(classes(c).await?, json!([["A", 0], ["B", 0], ["3", 25]]));
    // The thumbnails show MNIST's ink as is (0 background, 255 ink: the set's convention),
    // 25 different pictures.
    let thumbs = js(c, "return [...document.querySelectorAll('li[data-class=\"2\"] .cl-thumb canvas')].map(cv => { const d = cv.getContext('2d').getImageData(0, 0, 28, 28).data; let ink = 0, corner = d[3]; for (let i = 3; i < d.length; i += 4) if (d[i] > 128) ink++; return [ink, corner, Array.from(d.filter((_, i) => i % 4 === 3)).join()]; })").await?;
    let thumbs = thumbs.as_array().ok_or("thumbs")?;
    assert_eq!(thumbs.len(), 25);
    for t in thumbs {
        assert!(t[0].as_u64().unwrap_or(0) > 40, "a three's ink: {t}");
        assert_eq!(t[1], json!(0), "background at the corner");
    }
    let distinct: std::collections::HashSet<&str> =
        thumbs.iter().filter_map(|t| t[2].as_str()).collect();
    assert_eq!(distinct.len(), 25, "no three twice");

    step("EN: storage full: said, the set on screen kept, stored at the next save");
    pick_class(c, 1).await?;
    draw_and_add(c).await?;
    js(c, BREAK_PUT).await?;
    let n = notice_after(c, draw_and_add(c)).await?;
    assert_eq!(
        n,
        "The browser’s storage is full: the last change is on screen but not saved. Export your classes to a file to keep them."
    );
    assert_eq!(classes(c).await?, json!([["A", 0], ["B", 2], ["3", 25]]));
    js(c, MEND_PUT).await?;
    draw_and_add(c).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(classes(c).await?, json!([["A", 0], ["B", 3], ["3", 25]]));

    step("EN: 5,000 files at once refused, nothing added");
    let n = notice_after(c, async {
        js(c, FIVE_THOUSAND).await?;
        Ok(())
    })
    .await?;
    assert_eq!(n, "5,000 files at once is too many: at most 200. Nothing was added.");
    assert_eq!(classes(c).await?, json!([["A", 0], ["B", 3], ["3", 25]]));
    js(c, "scrollTo(0, 0); return 0").await?;
    shot(c, "classes-store-en-1280").await?;
    js(c, "document.querySelector('.cl-held-out').scrollIntoView({ block: 'center' }); return 0")
        .await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    shot(c, "classes-store-en-1280-controls").await?;
    viewport(c, 390, 844).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    js(c, "document.querySelector('.cl-held-out').scrollIntoView({ block: 'center' }); return 0")
        .await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    shot(c, "classes-store-en-390").await?;
    assert_eq!(sideways_overflow(c).await?, json!(0), "nothing wider than the phone");
    viewport(c, 1280, 800).await?;

    step("EN: a reload keeps the set, the share and the digits (IndexedDB)");
    // Everything the page shows while it loads: "Loading…", then the stored set, never
    // the two empty classes a first visit starts with.
    b.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": WATCH_LOAD })).await?;
    c.refresh().await?;
    wait_text(c, "h1", "Your classes").await?;
    editor(c).await?;
    let seen = js(c, "return window.__seen").await?;
    let seen = seen.as_array().ok_or("seen")?;
    assert_eq!(seen.first(), Some(&json!("loading")), "{seen:?}");
    assert!(seen.iter().all(|s| s == "loading" || s == "A|B|3"), "{seen:?}");
    assert_eq!(classes(c).await?, json!([["A", 0], ["B", 3], ["3", 25]]));
    assert_eq!(js(c, "return document.querySelector('#cl-held-out').value").await?, json!("30"));
    assert_eq!(text_of(c, "li[data-class=\"1\"] .cl-split").await?, "2 to learn, 1 held out");
    let stored = content(c, "#cl-stored").await?;
    assert!(stored.starts_with("Kept in this browser: ") && stored.ends_with(" KB."), "{stored}");
    assert_eq!(
        js(c, "return localStorage.getItem('convolab.classes.v1')").await?,
        Value::Null,
        "nothing in localStorage"
    );

    // The editor's controls are named and readable: no serious accessibility problem in it
    // (the editor and the file part; the training below has its own tests).
    let serious = axe_serious_in(c, &[".cl-layout", ".cl-file", "#cl-notice"]).await?;
    assert!(serious.is_empty(), "{serious:#?}");

    step("FR: the same refusals in French");
    click(c, "#lang-fr").await?;
    wait_text(c, "h1", "Vos classes").await?;
    let q = content(c, "#cl-quota").await?;
    assert!(
        q.starts_with("Ce site occupe ") && q.ends_with(" que ce navigateur lui accorde."),
        "{q}"
    );
    assert!(q.contains("\u{a0}Ko") || q.contains("\u{a0}Mo"), "{q}");
    assert_eq!(
        content(c, "li[data-class=\"2\"] .cl-split").await?,
        "17 pour apprendre, 8 mis de côté"
    );
    let n = notice_after(c, choose(c, "#cl-held-out", "4")).await?;
    assert_eq!(
        n,
        "«\u{a0}4\u{a0}» ne peut pas être la part mise de côté\u{a0}: choisissez un nombre entier de 5 à 50. Elle reste à 30\u{a0}%."
    );
    js(c, BREAK_PUT).await?;
    let n = notice_after(c, draw_and_add(c)).await?;
    assert!(
        n.starts_with(
            "Le stockage du navigateur est plein\u{a0}: la dernière modification est à l’écran"
        ),
        "{n}"
    );
    js(c, MEND_PUT).await?;
    let n = notice_after(c, async {
        js(c, FIVE_THOUSAND).await?;
        Ok(())
    })
    .await?;
    assert_eq!(
        n,
        "5\u{202f}000\u{a0}fichiers d’un coup, c’est trop\u{a0}: 200 au plus. Rien n’a été ajouté."
    );
    choose(c, "#cl-mnist-count", "abc").await?;
    let n = notice_after(c, click(c, "#cl-mnist-add")).await?;
    assert!(n.starts_with("Impossible d’ajouter «\u{a0}"), "{n}");
    choose(c, "#cl-mnist-digit", "7").await?;
    choose(c, "#cl-mnist-count", "12").await?;
    let n = notice_after(c, click(c, "#cl-mnist-add")).await?;
    assert_eq!(n, "Chiffres MNIST ajoutés à «\u{a0}7\u{a0}»\u{a0}: 12.");
    assert_eq!(classes(c).await?, json!([["A", 1], ["B", 3], ["3", 25], ["7", 12]]));
    js(c, "scrollTo(0, 0); return 0").await?;
    shot(c, "classes-store-fr-1280").await?;
    js(c, "document.querySelector('.cl-file').scrollIntoView({ block: 'end' }); return 0").await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    shot(c, "classes-store-fr-1280-controls").await?;
    viewport(c, 390, 844).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    js(c, "document.querySelector('.cl-mnist').scrollIntoView(); return 0").await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    shot(c, "classes-store-fr-390").await?;
    js(c, "document.querySelector('.cl-file').scrollIntoView(); return 0").await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    shot(c, "classes-store-fr-390-file").await?;
    assert_eq!(sideways_overflow(c).await?, json!(0), "nothing wider than the phone");

    step("FR: a reload keeps everything");
    c.refresh().await?;
    wait_text(c, "h1", "Vos classes").await?;
    editor(c).await?;
    assert_eq!(classes(c).await?, json!([["A", 1], ["B", 3], ["3", 25], ["7", 12]]));
    let log = b.console_log().await?;
    assert_no_console_errors(&log);
    b.close().await
}

/// A script that runs `body` on the page's object store (`s`) in a read-write transaction,
/// and sets `window.__idb` to "done" once it has committed.
fn idb(body: &str) -> String {
    format!(
        "window.__idb = null; const r = indexedDB.open('convolab-classes', 1); r.onsuccess = () => {{ const tx = r.result.transaction('sets', 'readwrite'); const s = tx.objectStore('sets'); {body}; tx.oncomplete = () => {{ r.result.close(); window.__idb = 'done'; }}; }}; return 0"
    )
}

#[tokio::test]
#[ignore = "needs dist/, chromedriver and chromium (cargo xtask test)"]
async fn a_set_left_in_local_storage_moves_into_indexeddb() -> Res {
    let b = Browser::open("classes-store-move").await?;
    let c = &b.c;
    let base = b.base();
    viewport(c, 1280, 800).await?;
    c.goto(&format!("{base}#/classes")).await?;
    editor(c).await?;
    // The first version's record: the .npz as base64 under its key.
    let set = DataSet {
        classes: vec![
            Class { name: "✓".into(), examples: vec![vec![200; PIXELS]; 3] },
            Class { name: "✗".into(), examples: vec![vec![90; PIXELS]; 4] },
        ],
        held_out: 25,
    };
    let bytes = set.to_npz();
    js(c, &format!("const b = {}; let s = ''; for (const x of b) s += String.fromCharCode(x); localStorage.setItem('convolab.classes.v1', btoa(s)); return 0", json!(bytes))).await?;
    c.refresh().await?;
    editor(c).await?;
    wait_js(c, "return document.querySelectorAll('.cl-thumb').length === 7", "the old set").await?;
    assert_eq!(classes(c).await?, json!([["✓", 3], ["✗", 4]]));
    assert_eq!(js(c, "return document.querySelector('#cl-held-out').value").await?, json!("25"));
    wait_js(c, "return localStorage.getItem('convolab.classes.v1') === null", "the old key gone")
        .await?;
    // Now from IndexedDB alone.
    c.refresh().await?;
    editor(c).await?;
    wait_js(c, "return document.querySelectorAll('.cl-thumb').length === 7", "kept").await?;
    assert_eq!(classes(c).await?, json!([["✓", 3], ["✗", 4]]));

    step("a damaged record is set aside, not overwritten");
    js(c, &idb("s.put(new Uint8Array([1, 2, 3]), 'set')")).await?;
    wait_js(c, "return window.__idb === 'done'", "the damaged record written").await?;
    c.refresh().await?;
    editor(c).await?;
    assert_eq!(classes(c).await?, json!([["A", 0], ["B", 0]]));
    js(c, &idb("s.get('set.unreadable').onsuccess = e => { window.__kept = Array.from(e.target.result || []); }")).await?;
    wait_js(c, "return window.__idb === 'done'", "the record read").await?;
    assert_eq!(js(c, "return window.__kept").await?, json!([1, 2, 3]));
    let log = b.console_log().await?;
    assert_no_console_errors(&log);
    b.close().await
}
