//! Exercises in the release build, keyboard only: Tab to the answer field, type, Enter; a
//! right answer is marked right, a wrong one shows the worked solution. Screenshots of both,
//! in French and English.
//!
//! Ignored by plain `cargo test`: `cargo xtask test` runs it on the release dist/.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use convolab::app::exercises::texts::answer_text;
use convolab::app::exercises::{Kind, generate};
use convolab::app::i18n::Lang;
use fantoccini::Locator;
use fantoccini::key::Key;
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn exercises_answered_from_the_keyboard_in_both_languages() -> Res {
    within(Duration::from_secs(300), keyboard()).await
}

async fn on_screen(c: &fantoccini::Client) -> Res<convolab::app::exercises::Exercise> {
    let card = c.find(Locator::Css(".ex-card")).await?;
    let kind = Kind::from_code(&card.attr("data-kind").await?.ok_or("kind")?).ok_or("kind code")?;
    let seed: u64 = card.attr("data-seed").await?.ok_or("seed")?.parse()?;
    Ok(generate(kind, seed))
}

async fn keyboard() -> Res {
    let b = Browser::open("exercises").await?;
    let c = &b.c;
    let base = b.base();
    for (lang, lang_enum, right_word, wrong_word) in
        [("fr", Lang::Fr, "Juste", "Pas tout à fait"), ("en", Lang::En, "Right", "Not quite")]
    {
        step(&format!("{lang}: a typed answer"));
        c.goto(&format!("{base}#/history")).await?;
        c.find(Locator::Css(&format!("#lang-{lang}"))).await?.click().await?;
        // The "which year?" tab, then the field, with the keyboard only.
        c.find(Locator::Css("#ex-kind-h-year")).await?.click().await?;
        // Yew renders after the click returns: wait for the new question before reading it.
        wait_js(
            c,
            "return document.querySelector('.ex-card').dataset.kind === 'h-year'",
            "the year question",
        )
        .await?;
        let ex = on_screen(c).await?;
        js(c, "document.querySelector('#ex-answer').focus(); return 0").await?;
        type_text(c, "1900").await?;
        press(c, Key::Enter).await?;
        wait_js(c, "return !!document.querySelector('#ex-solution')", "the worked solution")
            .await?;
        let fb = text_of(c, "#ex-feedback").await?;
        assert!(fb.contains(wrong_word), "{fb}");
        js(c, "document.querySelector('#ex-card, .ex-card').scrollIntoView(); return 0").await?;
        shot(c, &format!("exercise-wrong-{lang}")).await?;

        c.find(Locator::Css("#ex-another")).await?.click().await?;
        wait_js(
            c,
            &format!("return document.querySelector('.ex-card').dataset.seed !== '{}'", ex.seed),
            "another question",
        )
        .await?;
        let ex2 = on_screen(c).await?;
        assert_ne!((ex.seed, ex.kind), (ex2.seed, ex2.kind), "another one");
        js(c, "document.querySelector('#ex-answer').focus(); return 0").await?;
        type_text(c, &answer_text(lang_enum, &ex2)).await?;
        press(c, Key::Enter).await?;
        if let Err(e) =
            wait_js(c, "return !!document.querySelector('.ex-right')", "marked right").await
        {
            let state = js(c, "return [document.querySelector('.ex-card').dataset.kind, document.querySelector('.ex-card').dataset.seed, document.querySelector('#ex-answer').value, document.querySelector('#ex-feedback').textContent, document.querySelector('#ex-prompt').textContent]").await?;
            shot(c, &format!("exercise-failed-{lang}")).await?;
            return Err(format!(
                "{e}: expected {:?} for {:?}; page: {state}",
                answer_text(lang_enum, &ex2),
                ex2.prompt
            )
            .into());
        }
        let fb = text_of(c, "#ex-feedback").await?;
        assert!(fb.contains(right_word), "{fb}");
        shot(c, &format!("exercise-right-{lang}")).await?;
    }

    step("LeNet: a confusion-matrix question reads the student's own evaluation");
    c.goto(&format!("{base}#/lenet")).await?;
    wait_js_within(
        c,
        "const b = document.querySelector('#evaluate'); return !!b && !b.disabled",
        Duration::from_secs(60),
        "weights to evaluate",
    )
    .await?;
    c.find(Locator::Css("#evaluate")).await?.click().await?;
    wait_js_within(
        c,
        "return !!document.querySelector('#confusion')",
        Duration::from_secs(60),
        "the evaluation",
    )
    .await?;
    let m = js(c, "return [...document.querySelectorAll('#confusion tbody tr')].map(tr => [...tr.querySelectorAll('td')].map(td => Number(td.textContent)))").await?;
    let mut confusion = [[0u32; 10]; 10];
    for (i, row) in m.as_array().ok_or("rows")?.iter().enumerate() {
        for (j, v) in row.as_array().ok_or("cells")?.iter().enumerate() {
            confusion[i][j] = v.as_u64().ok_or("a count")? as u32;
        }
    }
    c.find(Locator::Css("#ex-kind-l-cell")).await?.click().await?;
    wait_js(c, "return document.querySelector('.ex-card').dataset.kind === 'l-cell' && !!document.querySelector('#ex-own')", "the question on the student's network").await?;
    let seed: u64 =
        c.find(Locator::Css(".ex-card")).await?.attr("data-seed").await?.ok_or("seed")?.parse()?;
    let ex = convolab::app::exercises::from_evaluation(Kind::LenetConfusionCell, seed, &confusion)
        .ok_or("a cell question")?;
    js(c, "document.querySelector('#ex-answer').focus(); return 0").await?;
    type_text(c, &answer_text(Lang::En, &ex)).await?;
    press(c, Key::Enter).await?;
    wait_js(
        c,
        "return !!document.querySelector('.ex-right')",
        "the page's own matrix gives the answer",
    )
    .await?;
    js(c, "document.querySelector('.ex-card').scrollIntoView(); return 0").await?;
    shot(c, "exercise-lenet-own-evaluation").await?;
    b.close().await?;
    Ok(())
}

/// One typed question per lesson, opened from its link, answered right then wrong, in both
/// languages: the right one is marked right, the wrong one shows the worked solution (and,
/// where a lab can show the case, the link to it). Screenshots `exercise-<kind>-<lang>-<right|wrong>`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn one_question_per_lesson_right_and_wrong_in_both_languages() -> Res {
    within(Duration::from_secs(300), per_lesson()).await
}

async fn per_lesson() -> Res {
    let b = Browser::open("exercises-per-lesson").await?;
    let c = &b.c;
    let base = b.base();
    let cases = [
        ("/history", Kind::HistoryYear),
        ("/conv1d", Kind::Conv1dWindow),
        ("/conv2d", Kind::Conv2dPixel),
        ("/pooling", Kind::PoolCell),
        ("/dropout", Kind::DropoutKept),
        ("/learn", Kind::LearnGradient),
        ("/lenet", Kind::LenetParams),
    ];
    for (lang, lang_enum) in [("fr", Lang::Fr), ("en", Lang::En)] {
        for (route, kind) in cases {
            let seed = 7;
            let ex = generate(kind, seed);
            let right = answer_text(lang_enum, &ex);
            let wrong = match ex.expected() {
                convolab::app::exercises::Response::Number(x) => {
                    let w = x + 7.0;
                    if lang_enum == Lang::Fr {
                        w.to_string().replace('.', ",")
                    } else {
                        w.to_string()
                    }
                }
                other => return Err(format!("{kind:?} is not a typed question: {other:?}").into()),
            };
            for (answer, verdict) in [(right.as_str(), "right"), (wrong.as_str(), "wrong")] {
                step(&format!("{lang} {route}: {kind:?} answered {verdict}"));
                c.goto("about:blank").await?;
                c.goto(&format!("{base}#{route}?ex={}&seed={seed}&lang={lang}", kind.code()))
                    .await?;
                wait_js_within(c, &format!("const card = document.querySelector('.ex-card'); return !!card && card.dataset.kind === '{}' && card.dataset.seed === '{seed}'", kind.code()), Duration::from_secs(30), "the linked question").await?;
                js(c, "document.querySelector('#ex-answer').focus(); return 0").await?;
                type_text(c, answer).await?;
                press(c, Key::Enter).await?;
                if verdict == "right" {
                    wait_js(c, "return !!document.querySelector('.ex-right')", "marked right")
                        .await?;
                } else {
                    wait_js(
                        c,
                        "return !!document.querySelector('#ex-solution')",
                        "the worked solution",
                    )
                    .await?;
                    // Each lab links its own questions (the page gives the panel its lab's).
                    use convolab::app::lessons::{conv1d, conv2d, dropout, learn, pooling};
                    let has_lab = [
                        conv1d::exercise_link::lab_link,
                        conv2d::exercise_link::lab_link,
                        pooling::exercise_link::lab_link,
                        dropout::exercise_link::lab_link,
                        learn::exercise_link::lab_link,
                    ]
                    .iter()
                    .any(|lab_link| lab_link(&ex).is_some());
                    assert_eq!(
                        js(c, "return !!document.querySelector('#ex-open-lab')").await?.as_bool(),
                        Some(has_lab),
                        "{kind:?}: the lab link when a lab can show the case"
                    );
                }
                js(c, "document.querySelector('.ex-card').scrollIntoView(); return 0").await?;
                shot(c, &format!("exercise-{}-{lang}-{verdict}", kind.code())).await?;
            }
        }
    }
    b.close().await?;
    Ok(())
}
