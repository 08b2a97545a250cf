//! LeNet's training settings in the page's link (issue 10): `#/lenet?net=lenet&opt=adam&lr=0.001&batch=32&epochs=1&shift=0&seed=1`.
//! `net` is the network: a preset's name (`lenet5`) or its text in Keras's words
//! (`Conv2D(6,3,relu)-MaxPooling2D(2)-Flatten-Dense(10,softmax)`, `nn::arch::text`).
//! Links written before the network could change (`pool=max&dropout=1&rate=0.3`) still open,
//! as edits of it. Not the weights: a link names a run to make, not a trained network.

use crate::app::training::draft::{Draft, Field, Problem};
use crate::app::urlstate::{Query, Reader};
use crate::nn::Architecture;
use crate::worker::protocol::Optim;

pub const LINK_KEYS: &[&str] =
    &["net", "opt", "pool", "dropout", "lr", "batch", "epochs", "rate", "shift", "seed"];

const OPTIMS: &[(&str, Optim)] =
    &[("sgd", Optim::Sgd), ("momentum", Optim::Momentum), ("adam", Optim::Adam)];

/// A field's key in the link; the number of cores stays out: it belongs to each student's
/// machine, not to the lesson (a teacher's 8 would overload a 4-core laptop).
fn key(f: Field) -> Option<&'static str> {
    match f {
        Field::LearningRate => Some("lr"),
        Field::BatchSize => Some("batch"),
        Field::Epochs => Some("epochs"),
        Field::DropoutRate => Some("rate"),
        Field::Shift => Some("shift"),
        Field::Seed => Some("seed"),
        Field::Workers => None,
    }
}

/// The form as a link: its choices, and every field that reads (a refused field stays out).
pub fn write(d: &Draft) -> Query {
    let mut q = Query::default();
    // A preset by its name: a short link, a small QR code.
    q.set("net", &d.arch.preset().map_or_else(|| d.arch.to_text(), |p| p.id().to_string()));
    q.set("opt", OPTIMS.iter().find(|(_, o)| *o == d.optimizer).map(|(n, _)| *n).unwrap_or("adam"));
    for f in Field::ALL {
        // The dropout rate is the network's own.
        if let Some(k) = key(f)
            && f != Field::DropoutRate
            && d.problem(f).is_none()
        {
            q.set(k, d.text(f).trim());
        }
    }
    q
}

/// The form a link asks for, starting from `d`; `None` when the link says nothing about
/// the settings (arriving from the menu keeps the session's form).
pub fn read(r: &mut Reader<'_>, d: &Draft) -> Option<Draft> {
    if !LINK_KEYS.iter().any(|k| r.raw(k).is_some()) {
        return None;
    }
    let mut next = d.clone();
    if let Some(text) = r.raw("net") {
        // Only a network a student could have made with the editor, and that builds.
        match Architecture::parse(&text) {
            Ok(a) if a.check_bounds().is_ok() && a.plan().ok() => next.set_arch(a),
            Ok(_) => r.refuse("net"),
            Err(_) => r.refuse_malformed("net"),
        }
    }
    if let Some(o) = r.choice("opt", OPTIMS) {
        next.optimizer = o;
    }
    // Older links: the switches, as edits of the network.
    if let Some(p) = r.choice("pool", &[("max", true), ("average", false)]) {
        next.set_max_pooling(p);
    }
    if let Some(on) = r.flag("dropout") {
        next.set_dropout(on);
    }
    for f in Field::ALL {
        let Some(k) = key(f) else { continue };
        let Some(text) = r.raw(k) else { continue };
        let before = next.text(f).to_string();
        next.set(f, text);
        // The form's own rules decide; a refused value leaves the field as it was.
        match next.problem(f) {
            None => {}
            Some(p) => {
                next.set(f, before);
                match p {
                    Problem::NotANumber | Problem::NotWhole => r.refuse_malformed(k),
                    Problem::OutOfRange | Problem::TooLarge(_) | Problem::TooSmall(_) => {
                        r.refuse(k)
                    }
                }
            }
        }
    }
    Some(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::urlstate::Notice;

    fn read_str(s: &str, d: &Draft) -> (Option<Draft>, Vec<Notice>) {
        let q = Query::parse(s);
        let mut r = Reader::new(&q);
        let out = read(&mut r, d);
        (out, r.notices)
    }

    #[test]
    fn settings_read_back_and_refused_values_keep_the_form() {
        let mut d = Draft { optimizer: Optim::Sgd, ..Draft::default() };
        d.set_max_pooling(true);
        d.set(Field::DropoutRate, "0.25".into());
        d.set_dropout(true);
        d.set(Field::LearningRate, "0.05".into());
        d.set(Field::BatchSize, "64".into());
        let q = write(&d);
        let (back, notices) = read_str(&q.encode(), &Draft::default());
        assert_eq!(back.as_ref(), Some(&d), "{}", q.encode());
        assert!(notices.is_empty());
        assert_eq!(back.unwrap().settings().unwrap().learning_rate, 0.05);

        let (back, notices) = read_str("lr=abc&batch=0&epochs=3&opt=rmsprop", &Draft::default());
        let back = back.unwrap();
        assert_eq!(back.text(Field::LearningRate), Draft::default().text(Field::LearningRate));
        assert_eq!(back.text(Field::Epochs), "3");
        assert_eq!(notices.len(), 3, "{notices:?}");
        assert!(back.settings().is_ok(), "a link never leaves a refused field in the form");

        assert_eq!(
            read_str("step=3", &Draft::default()).0,
            None,
            "no setting in the link: the session's form stays"
        );
        // A refused field is not written: the link of a half-typed form still opens cleanly.
        let mut bad = Draft::default();
        bad.set(Field::BatchSize, "lots".into());
        assert_eq!(write(&bad).get("batch"), None);
    }

    #[test]
    fn the_network_travels_by_name_or_by_its_text() {
        use crate::nn::Preset;
        let mut d = Draft::default();
        assert_eq!(write(&d).get("net"), Some("lenet"));
        d.set_arch(Preset::Lenet5.architecture());
        assert_eq!(write(&d).get("net"), Some("lenet5"));
        let own = "Conv2D(8,5,tanh)-MaxPooling2D(2)-Flatten-Dropout(0.25)-Dense(10,softmax)";
        d.set_arch(Architecture::parse(own).unwrap());
        let q = write(&d);
        assert_eq!(q.get("net"), Some(own));
        let (back, notices) = read_str(&q.encode(), &Draft::default());
        assert_eq!(back.unwrap().arch, d.arch);
        assert!(notices.is_empty(), "{notices:?}");

        // Refused, each with a notice, the form's network kept: unreadable, outside the
        // editor's ranges, or a network that does not build.
        for bad in [
            "net=Conv2D(6",
            "net=BatchNormalization",
            "net=Conv2D(65,3)-Flatten-Dense(10,softmax)",
            "net=Conv2D(6,3)-Dense(10,softmax)",
            "net=Flatten-Dense(10)",
        ] {
            let (back, notices) = read_str(bad, &Draft::default());
            assert_eq!(back.unwrap().arch, Architecture::default(), "{bad}");
            assert_eq!(notices.len(), 1, "{bad}: {notices:?}");
        }

        // An older link: its switches edit the network.
        let (back, notices) = read_str("pool=max&dropout=1&rate=0.3", &Draft::default());
        assert!(notices.is_empty());
        let want = Architecture::default()
            .with_pooling(crate::nn::PoolKind::Max)
            .with_dense_dropout(Some(0.3));
        assert_eq!(back.unwrap().arch, want);
    }
}
