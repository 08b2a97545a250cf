//! Share a screen (issue 10): the link of what a lab shows, copied and drawn as a QR code
//! big enough to scan from the back of a classroom; and the notice that says which parts of
//! an opened link were left out.

use qrcode::{EcLevel, QrCode};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::i18n::Lang;
use crate::app::prefs::use_prefs;
use crate::app::urlstate::{Notice, Query, link_to};

pub struct ShareTexts {
    pub share: &'static str,
    pub title: &'static str,
    pub explain: &'static str,
    pub link_label: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub copy_by_hand: &'static str,
    pub close: &'static str,
    pub qr_label: &'static str,
    pub too_long: &'static str,
    pub ignored: &'static str,
    pub rest_applies: &'static str,
    pub unknown: &'static str,
    pub malformed: &'static str,
    pub out_of_range: &'static str,
    pub dismiss: &'static str,
}

const EN: ShareTexts = ShareTexts {
    share: "Share this screen",
    title: "This screen, for the whole class",
    explain: "Students scan the code or open the link: they get this lab with these settings, on this step.",
    link_label: "Link",
    copy: "Copy the link",
    copied: "Link copied.",
    copy_by_hand: "This browser does not let the page copy: the link is selected, press Ctrl+C (⌘C on a Mac).",
    close: "Close",
    qr_label: "QR code of the link",
    too_long: "This link is too long for a QR code; share it as text.",
    ignored: "Part of the link could not be used:",
    rest_applies: "The rest of the link applies; the other settings are the defaults.",
    unknown: "unknown setting",
    malformed: "unreadable value",
    out_of_range: "out of range",
    dismiss: "Dismiss",
};

const FR: ShareTexts = ShareTexts {
    share: "Partager cet écran",
    title: "Cet écran, pour toute la classe",
    explain: "Les élèves scannent le code ou ouvrent le lien\u{a0}: ils retrouvent ce labo, ces réglages et cette étape.",
    link_label: "Lien",
    copy: "Copier le lien",
    copied: "Lien copié.",
    copy_by_hand: "Ce navigateur ne laisse pas la page copier\u{a0}: le lien est sélectionné, faites Ctrl+C (⌘C sur Mac).",
    close: "Fermer",
    qr_label: "Code QR du lien",
    too_long: "Ce lien est trop long pour un code QR\u{a0}; partagez-le en texte.",
    ignored: "Une partie du lien n'a pas pu servir\u{a0}:",
    rest_applies: "Le reste du lien s'applique\u{a0}; les autres réglages sont ceux par défaut.",
    unknown: "réglage inconnu",
    malformed: "valeur illisible",
    out_of_range: "hors limites",
    dismiss: "Masquer",
};

pub fn texts(lang: Lang) -> &'static ShareTexts {
    lang.pick(&EN, &FR)
}

/// The QR code of `text` as the dark modules' path, in module units, and the side with its
/// 4-module quiet zone. Level M survives a smudged projector or a tilted phone.
pub fn qr_path(text: &str) -> Option<(String, usize)> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let w = code.width();
    let colors = code.to_colors();
    let mut d = String::new();
    for y in 0..w {
        let mut x = 0;
        while x < w {
            if colors[y * w + x] == qrcode::Color::Dark {
                // One rectangle per run of dark modules: a short path, crisp edges.
                let start = x;
                while x < w && colors[y * w + x] == qrcode::Color::Dark {
                    x += 1;
                }
                d.push_str(&format!("M{} {}h{}v1h-{}z", start + 4, y + 4, x - start, x - start));
            } else {
                x += 1;
            }
        }
    }
    Some((d, w + 8))
}

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// The route of the lab (`/conv1d`).
    pub route: &'static str,
    /// The lab's state now (the same query the address bar gets).
    pub query: Query,
}

/// The Share button and its panel: the link, a Copy button and the QR code.
#[component]
pub fn ShareButton(p: &ShareProps) -> Html {
    let lang = use_prefs().lang;
    let t = texts(lang);
    let open = use_state(|| false);
    let status = use_state(|| None::<&'static str>);
    let link = link_to(p.route, &p.query);

    let on_open = {
        let (open, status) = (open.clone(), status.clone());
        Callback::from(move |_: MouseEvent| {
            status.set(None);
            open.set(true);
        })
    };
    let on_close = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(false))
    };
    let on_key = {
        let open = open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.stop_propagation();
                open.set(false);
            }
        })
    };
    let on_copy = {
        let (status, link) = (status.clone(), link.clone());
        Callback::from(move |_: MouseEvent| status.set(Some(copy_link(&link, t))))
    };
    // Focus the panel when it opens, so Escape and Tab work at once.
    {
        let open = *open;
        use_effect_with(open, move |open| {
            if *open
                && let Some(el) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id("share-copy"))
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        });
    }

    html! {
        <>
            <button type="button" class="btn share" id="share-open" aria-haspopup="dialog" onclick={on_open}>
                <span aria-hidden="true">{ "⇪ " }</span>{ t.share }
            </button>
            if *open {
                <div class="share-backdrop" onkeydown={on_key}>
                    <div class="share-panel" id="share-panel" role="dialog" aria-modal="true" aria-labelledby="share-title">
                        { qr_figure(&link, t) }
                        <div class="share-side">
                        <h2 id="share-title">{ t.title }</h2>
                        <p class="share-explain">{ t.explain }</p>
                        <div class="share-link">
                            <label for="share-link">{ t.link_label }</label>
                            <input type="text" id="share-link" readonly=true value={link.clone()} />
                        </div>
                        <div class="share-actions">
                            <button type="button" class="btn primary" id="share-copy" onclick={on_copy}>{ t.copy }</button>
                            <button type="button" class="btn" id="share-close" onclick={on_close}>{ t.close }</button>
                        </div>
                        <p class="share-status" id="share-status" role="status">{ status.unwrap_or("") }</p>
                        </div>
                    </div>
                </div>
            }
        </>
    }
}

fn qr_figure(link: &str, t: &ShareTexts) -> Html {
    match qr_path(link) {
        Some((d, side)) => html! {
            <svg class="share-qr" id="share-qr" viewBox={format!("0 0 {side} {side}")} role="img"
                aria-label={t.qr_label} shape-rendering="crispEdges" data-link={link.to_string()}>
                <rect width={side.to_string()} height={side.to_string()} fill="#fff" />
                <path d={d} fill="#000" />
            </svg>
        },
        None => html! { <p class="field-error">{ t.too_long }</p> },
    }
}

/// Copies with the Clipboard API where the page may (https or localhost); elsewhere (a
/// classroom server on plain http) selects the link and says how to copy it.
fn copy_link(link: &str, t: &'static ShareTexts) -> &'static str {
    let Some(w) = web_sys::window() else { return t.copy_by_hand };
    let nav = w.navigator();
    let has_clipboard =
        js_sys::Reflect::get(&nav, &"clipboard".into()).map(|c| !c.is_undefined()).unwrap_or(false);
    if has_clipboard && w.is_secure_context() {
        let _ = nav.clipboard().write_text(link);
        return t.copied;
    }
    if let Some(input) = w
        .document()
        .and_then(|d| d.get_element_by_id("share-link"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        let _ = input.focus();
        input.select();
    }
    t.copy_by_hand
}

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub notices: Vec<Notice>,
}

/// "Part of the link could not be used: stride=abc (unreadable value)…" — shown once, above
/// the lab, until dismissed.
#[component]
pub fn LinkNotices(p: &NoticeProps) -> Html {
    let t = texts(use_prefs().lang);
    let shown = use_state(|| true);
    if p.notices.is_empty() || !*shown {
        return html! {};
    }
    let items = p.notices.iter().map(|n| {
        let (what, why) = match n {
            Notice::Unknown(k) => (k.clone(), t.unknown),
            Notice::Malformed { key, value } => (format!("{key}={value}"), t.malformed),
            Notice::OutOfRange { key, value } => (format!("{key}={value}"), t.out_of_range),
        };
        html! { <li><code>{ what }</code>{ " (" }{ why }{ ")" }</li> }
    });
    let dismiss = Callback::from(move |_: MouseEvent| shown.set(false));
    html! {
        <div class="link-notice" id="link-notice" role="status">
            <p>{ t.ignored }</p>
            <ul>{ for items }</ul>
            <p>{ t.rest_applies }</p>
            <button type="button" class="btn small" onclick={dismiss}>{ t.dismiss }</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_qr_path_covers_exactly_the_dark_modules() {
        let link = "http://192.168.1.20:8080/#/conv1d?signal=ramp&kernel=1,-2,1&padding=same&stride=2&step=4&lang=fr";
        let (d, side) = qr_path(link).expect("fits");
        let code = QrCode::with_error_correction_level(link.as_bytes(), EcLevel::M).unwrap();
        assert_eq!(side, code.width() + 8);
        // Rebuild the grid from the path and compare module by module.
        let mut grid = vec![false; side * side];
        for run in d.split('M').filter(|s| !s.is_empty()) {
            let nums: Vec<usize> = run
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().unwrap())
                .collect();
            let (x, y, len) = (nums[0], nums[1], nums[2]);
            for i in x..x + len {
                assert!(!grid[y * side + i], "modules drawn twice");
                grid[y * side + i] = true;
            }
        }
        let colors = code.to_colors();
        for y in 0..side {
            for x in 0..side {
                let dark = (4..side - 4).contains(&x)
                    && (4..side - 4).contains(&y)
                    && colors[(y - 4) * code.width() + (x - 4)] == qrcode::Color::Dark;
                assert_eq!(grid[y * side + x], dark, "module ({x}, {y})");
            }
        }
    }

    #[test]
    fn an_impossible_link_gives_none_not_a_panic() {
        assert!(qr_path(&"x".repeat(5000)).is_none());
        assert!(qr_path("").is_some());
    }
}
