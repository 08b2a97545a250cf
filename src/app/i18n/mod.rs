//! French and English text. The catalogue is typed: every string is a field of [`Texts`],
//! so a string missing in one language is a build error, not a blank on screen.

pub mod classes_errors;
mod en;
pub mod errors;
mod fr;
pub mod keras_errors;
pub mod num;

pub use en::EN;

/// A sentence kept to be said in the language the page shows when it is drawn: a notice
/// outlives a switch of language, and then reads in the new one.
#[derive(Clone)]
pub struct Said(std::rc::Rc<dyn Fn(Lang) -> String>);

impl Said {
    pub fn new(f: impl Fn(Lang) -> String + 'static) -> Self {
        Said(std::rc::Rc::new(f))
    }

    pub fn in_lang(&self, lang: Lang) -> String {
        (self.0)(lang)
    }
}

impl PartialEq for Said {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.0, &other.0)
    }
}
pub use fr::FR;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    /// This language's table of a pair: each page's and widget's `texts(lang)` is
    /// `lang.pick(&EN, &FR)`.
    pub const fn pick<T: ?Sized>(self, en: &'static T, fr: &'static T) -> &'static T {
        match self {
            Lang::En => en,
            Lang::Fr => fr,
        }
    }

    /// The BCP 47 code, used for `<html lang>` and storage.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The browser's preferred languages, in order, decide; English is the fallback.
    pub fn from_preferences<'a>(prefs: impl IntoIterator<Item = &'a str>) -> Lang {
        prefs.into_iter().find_map(Lang::from_code).unwrap_or(Lang::En)
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }
}

/// One step of the course, as the home page lists it.
#[cfg_attr(test, derive(Debug))]
pub struct Step {
    pub title: &'static str,
    pub blurb: &'static str,
}

/// One event of the history timeline.
#[cfg_attr(test, derive(Debug))]
pub struct Event {
    pub year: &'static str,
    pub title: &'static str,
    pub body: &'static str,
}

#[cfg_attr(test, derive(Debug))]
pub struct HistoryTexts {
    pub title: &'static str,
    pub lead: &'static str,
    pub timeline_label: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub events: &'static [Event],
    pub why32_title: &'static str,
    pub why32_body: &'static str,
    pub try_title: &'static str,
    pub try_items: &'static [&'static str],
    pub sources_title: &'static str,
}

#[cfg_attr(test, derive(Debug))]
pub struct Texts {
    pub app_name: &'static str,
    pub tagline: &'static str,
    pub skip_to_content: &'static str,
    pub nav_label: &'static str,
    /// The phone header's button that opens the lesson list.
    pub nav_menu: &'static str,
    pub nav_home: &'static str,
    pub nav_history: &'static str,
    pub nav_conv1d: &'static str,
    pub nav_conv2d: &'static str,
    pub nav_pooling: &'static str,
    pub nav_dropout: &'static str,
    pub nav_learn: &'static str,
    pub nav_lenet: &'static str,
    pub nav_classes: &'static str,
    pub lang_switch_label: &'static str,
    pub present_mode: &'static str,
    pub home_title: &'static str,
    pub home_lead: &'static str,
    pub home_path_title: &'static str,
    pub home_start: &'static str,
    /// Home: the exercises score of a lesson ({r} right of {a}).
    pub home_progress: &'static str,
    pub coming_soon: &'static str,
    pub steps: &'static [Step],
    pub history: HistoryTexts,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub worker_status: &'static str,
    pub worker_ready: &'static str,
    pub worker_starting: &'static str,
    // LeNet's run, in the header and the footer (app::training).
    pub worker_off: &'static str,
    pub worker_failed: &'static str,
    pub run_training: &'static str,
    pub run_paused: &'static str,
    pub run_pause: &'static str,
    pub run_resume: &'static str,
    pub footer_data: &'static str,
    pub fatal_title: &'static str,
    pub fatal_body: &'static str,
    pub fatal_reload: &'static str,
    // The first page's small bundle hands over to the whole app (app::root::load_full::LoadFull).
    pub loading_lesson: &'static str,
    pub loading_failed: &'static str,
    pub loading_retry: &'static str,
}

/// A text table's strings, read back from its `Debug` form: every field, nested tables and
/// arrays included, in declaration order, with no list of fields to keep in step (a new
/// field is checked as soon as it exists). Debug's escapes (`\"`, `\n`, `\u{a0}`…) are
/// decoded, so each string is exactly the one the page shows.
#[cfg(test)]
pub fn strings_of(table: &impl std::fmt::Debug) -> Vec<String> {
    let dump = format!("{table:?}");
    let mut out = Vec::new();
    let mut chars = dump.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut s = String::new();
        while let Some(c) = chars.next() {
            s.push(match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('t') => '\t',
                    Some('n') => '\n',
                    Some('r') => '\r',
                    Some('0') => '\0',
                    Some('u') => {
                        let hex: String =
                            chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                        u32::from_str_radix(&hex, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .unwrap_or('\u{fffd}')
                    }
                    Some(other) => other,
                    None => break,
                },
                c => c,
            });
        }
        out.push(s);
    }
    out
}

/// A text table's strings: `(how many, how many are blank)` (see [`strings_of`]).
#[cfg(test)]
pub fn strings_in(table: &impl std::fmt::Debug) -> (usize, usize) {
    let all = strings_of(table);
    (all.len(), all.iter().filter(|s| s.trim().is_empty()).count())
}

/// A text table has at least `at_least` strings in each language, none of them blank.
#[cfg(test)]
pub fn assert_filled(
    name: &str,
    en: &impl std::fmt::Debug,
    fr: &impl std::fmt::Debug,
    at_least: usize,
) {
    for (strings, blank) in [strings_in(en), strings_in(fr)] {
        assert!(strings >= at_least && blank == 0, "{name}: {blank} blank of {strings}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_in_counts_every_string_and_each_blank_one() {
        #[derive(Debug)]
        #[allow(dead_code)] // read through Debug only
        struct T {
            a: &'static str,
            b: [&'static str; 3],
            n: u32,
        }
        let t = T { a: "Fenêtre \"{i}\"", b: ["x", "  ", ""], n: 3 };
        assert_eq!(strings_in(&t), (4, 2));
        // Whitespace that Debug escapes is still blank; an escaped quote is text.
        assert_eq!(strings_in(&T { a: "\n\t", b: ["\u{2003}", "\"", "é"], n: 0 }), (4, 2));
        // Read back exactly, escapes decoded.
        let odd = T { a: "a\\b \"c\"\u{a0}:", b: ["1\u{202f}000", "\0", "x\ny"], n: 0 };
        assert_eq!(strings_of(&odd), [odd.a, odd.b[0], odd.b[1], odd.b[2]]);
    }

    #[test]
    fn catalogues_have_the_same_shape_and_no_blank() {
        let (fr, en) = (strings_of(&FR), strings_of(&EN));
        assert_eq!(fr.len(), en.len(), "FR and EN list the same strings");
        for (i, (f, e)) in fr.iter().zip(&en).enumerate() {
            assert!(!f.trim().is_empty(), "FR string #{i} is blank");
            assert!(!e.trim().is_empty(), "EN string #{i} is blank");
        }
    }

    #[test]
    fn timelines_match_year_by_year() {
        let (fr, en) = (FR.history.events, EN.history.events);
        assert_eq!(fr.len(), en.len());
        for (f, e) in fr.iter().zip(en) {
            // Years are numbers in both languages, except the last, "today".
            if e.year.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                assert_eq!(f.year, e.year);
            }
        }
        // The course's own milestones are on the timeline.
        let all: String = en.iter().map(|e| format!("{} {} ", e.title, e.body)).collect();
        for needle in ["LeNet-5", "AlexNet", "ImageNet", "MNIST", "15.3 %", "26.2 %"] {
            assert!(all.contains(needle), "history mentions {needle}");
        }
    }

    #[test]
    fn french_uses_french_punctuation() {
        // A space (here U+0020 or U+00A0) before ? ! : ; in French, as typography requires.
        for s in strings_of(&FR) {
            for (i, c) in s.char_indices() {
                if matches!(c, '?' | '!' | ';') && i > 0 {
                    let before = s[..i].chars().last().unwrap();
                    assert!(
                        before == ' ' || before == '\u{a0}',
                        "missing space before {c} in {s:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn language_from_browser_preferences() {
        assert_eq!(Lang::from_preferences(["fr-FR", "en-US"]), Lang::Fr);
        assert_eq!(Lang::from_preferences(["de-DE", "en-GB", "fr"]), Lang::En);
        assert_eq!(Lang::from_preferences(["de", "FR_ca"]), Lang::Fr);
        assert_eq!(Lang::from_preferences(["de", "it"]), Lang::En);
        assert_eq!(Lang::from_preferences([]), Lang::En);
        for l in Lang::ALL {
            assert_eq!(Lang::from_code(l.code()), Some(l));
        }
    }
}
