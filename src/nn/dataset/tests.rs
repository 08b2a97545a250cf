use super::file::ImportError;
use super::image::{example_from_ink, example_from_rgba};
use super::*;
use crate::data::Split;
use crate::nn::npz::NpzError;
use crate::nn::train::{Trainer, TrainerConfig};
use crate::nn::{Architecture, OptimizerConfig, Rng, rng_from_seed};
use rand::Rng as _;

/// A 28×28 example whose pixel `i` is `f(i)`.
fn example(f: impl Fn(usize) -> u8) -> Vec<u8> {
    (0..PIXELS).map(f).collect()
}

fn three_classes() -> DataSet {
    let mut s = DataSet { classes: Vec::new(), held_out: 20 };
    for (k, name) in ["✓ coche", "✗ croix", "○ rond"].into_iter().enumerate() {
        s.classes.push(Class {
            name: name.into(),
            examples: (0..7).map(|j| example(|i| ((i * (k + 3) + j * 11) % 256) as u8)).collect(),
        });
    }
    s
}

#[test]
fn names_are_checked_trimmed_and_without_regard_to_case() {
    let mut s = DataSet::default();
    assert_eq!(s.add_class("  Étoile ★ "), Ok(2));
    assert_eq!(s.classes[2].name, "Étoile ★");
    assert_eq!(s.add_class("étoile ★"), Err(DataSetError::DuplicateName(2, 3)));
    assert_eq!(s.add_class("   "), Err(DataSetError::EmptyName(3)));
    assert_eq!(s.add_class(&"x".repeat(41)), Err(DataSetError::NameTooLong(3)));
    assert_eq!(s.rename(0, " b"), Err(DataSetError::DuplicateName(0, 1)));
    // Its own name, changed in case only, is not a duplicate.
    assert_eq!(s.rename(1, "b"), Ok(()));
    assert_eq!(s.rename(9, "z"), Err(DataSetError::NoClass(9)));
    for k in 3..MAX_CLASSES {
        s.add_class(&format!("c{k}")).unwrap();
    }
    assert_eq!(s.add_class("one more"), Err(DataSetError::TooManyClasses(11)));
    while s.classes.len() > MIN_CLASSES {
        s.remove_class(0).unwrap();
    }
    assert_eq!(s.remove_class(0), Err(DataSetError::TooFewClasses(1)));
}

#[test]
fn examples_are_checked_and_training_needs_two_per_class() {
    let mut s = DataSet::default();
    assert_eq!(s.add_example(0, vec![0; 10]), Err(DataSetError::BadExample(0)));
    assert_eq!(s.add_example(5, vec![0; PIXELS]), Err(DataSetError::NoClass(5)));
    assert_eq!(s.validate_for_training(), Err(DataSetError::TooFewExamples(0, 0)));
    for _ in 0..2 {
        s.add_example(0, vec![1; PIXELS]).unwrap();
    }
    s.add_example(1, vec![2; PIXELS]).unwrap();
    assert_eq!(s.validate_for_training(), Err(DataSetError::TooFewExamples(1, 1)));
    s.add_example(1, vec![3; PIXELS]).unwrap();
    assert_eq!(s.validate_for_training(), Ok(()));
    assert_eq!(s.short_classes(), vec![0, 1]);
    assert_eq!(s.remove_example(1, 0), Some(vec![2; PIXELS]));
    assert_eq!(s.remove_example(1, 5), None);
    for _ in 0..MAX_PER_CLASS - 2 {
        s.add_example(0, vec![0; PIXELS]).unwrap();
    }
    assert_eq!(s.add_example(0, vec![0; PIXELS]), Err(DataSetError::ClassFull(0)));
}

#[test]
fn every_class_is_in_both_parts_whatever_its_size() {
    for n in 2..200 {
        for p in [5u8, 20, 50] {
            let m = DataSet::held_out_mask(n, p);
            let held = m.iter().filter(|&&h| h).count();
            assert!(held >= 1 && held < n, "n {n} share {p}: {held} held out");
            let want = ((n * p as usize) as f64 / 100.0).round() as usize;
            assert_eq!(held, want.clamp(1, n - 1), "n {n} share {p}");
        }
    }
    let d = three_classes().to_digits().unwrap();
    assert_eq!(d.classes(), 3);
    let test = d.indices(Split::Test);
    for k in 0..3u8 {
        assert!(test.iter().any(|&i| d.label(i) == Some(k)));
        assert!(d.indices(Split::Train).iter().any(|&i| d.label(i) == Some(k)));
    }
    assert_eq!(test.len(), 3, "7 examples at 20 %: one held out per class");
}

#[test]
fn the_file_round_trips_exactly() {
    let mut s = three_classes();
    s.held_out = 35;
    s.classes[1].examples.clear();
    let bytes = s.to_npz();
    assert_eq!(DataSet::from_npz(&bytes), Ok(s.clone()));
    // Written twice, the same bytes.
    assert_eq!(DataSet::from_npz(&bytes).unwrap().to_npz(), bytes);
}

#[test]
fn every_truncation_and_wrong_file_is_refused_without_panic() {
    let s = three_classes();
    let bytes = s.to_npz();
    for n in 0..bytes.len() {
        assert!(DataSet::from_npz(&bytes[..n]).is_err(), "cut at {n} was read");
    }
    assert_eq!(DataSet::from_npz(b"\x89PNG\r\n\x1a\n"), Err(ImportError::Npz(NpzError::NotZip)));
    // A Keras export (an .npz of another kind) names what is missing.
    let mut other = crate::nn::npz::Npz::default();
    other.push("config", crate::nn::npz::Array::f32(vec![1], vec![1.0]));
    assert_eq!(DataSet::from_npz(&other.to_bytes()), Err(ImportError::Missing("class_names")));
    // Two classes with one name, in a hand-made file.
    let mut dup = s.clone();
    dup.classes[1].name = "✓ COCHE".into();
    assert_eq!(
        DataSet::from_npz(&dup.to_npz()),
        Err(ImportError::Invalid(DataSetError::DuplicateName(0, 1)))
    );
}

/// A picture's pixels drawn on the pad (ink as alpha) and the same picture as a grey
/// image on white paper (an upload) give the same 28×28; so does it as light on black.
#[test]
fn an_uploaded_picture_is_preprocessed_as_the_pad_drawing_of_it() {
    let (w, h) = (90, 70);
    let mut alpha = vec![0u8; w * h];
    for y in 10..60 {
        for x in 20..75 {
            let on_ring = ((x as f32 - 47.0).hypot(y as f32 - 35.0) - 20.0).abs() < 4.0;
            let aa = ((x + y) % 3) as u8 * 60;
            alpha[y * w + x] = if on_ring { 255 - aa } else { 0 };
        }
    }
    let ink: Vec<f32> = alpha.iter().map(|&a| a as f32 / 255.0).collect();
    let pad = example_from_ink(&ink, w, h).unwrap();
    let on_paper: Vec<u8> = alpha.iter().flat_map(|&a| [255 - a, 255 - a, 255 - a, 255]).collect();
    assert_eq!(example_from_rgba(&on_paper, w, h).unwrap(), pad);
    let on_board: Vec<u8> = alpha.iter().flat_map(|&a| [a, a, a, 255]).collect();
    assert_eq!(example_from_rgba(&on_board, w, h).unwrap(), pad);
    // Transparent pixels are paper: the pad's own canvas read as an image.
    let transparent: Vec<u8> = alpha.iter().flat_map(|&a| [0, 0, 0, a]).collect();
    assert_eq!(example_from_rgba(&transparent, w, h).unwrap(), pad);
    assert!(example_from_rgba(&vec![255; w * h * 4], w, h).is_err(), "a blank page");
    assert!(example_from_rgba(&[0; 7], 2, 1).is_err());
}

/// A shape drawn at a random place and size with noise: a bar, a cross or a ring.
fn shape(kind: usize, rng: &mut Rng) -> Vec<u8> {
    let mut img = vec![0u8; PIXELS];
    let cx = 14.0 + rng.random_range(-3.0..3.0f32);
    let cy = 14.0 + rng.random_range(-3.0..3.0f32);
    let r = rng.random_range(6.0..10.0f32);
    let tilt = rng.random_range(-0.3..0.3f32);
    for y in 0..SIDE {
        for x in 0..SIDE {
            let (dx, dy) = (x as f32 - cx, y as f32 - cy);
            let on = match kind {
                // A vertical bar, slightly tilted.
                0 => (dx - tilt * dy).abs() < 1.5 && dy.abs() < r,
                // A cross: two diagonals.
                1 => ((dx - dy).abs() < 1.5 || (dx + dy).abs() < 1.5) && dx.abs() < r * 0.8,
                // A ring.
                _ => (dx.hypot(dy) - r * 0.8).abs() < 1.3,
            };
            let noise = rng.random_range(0..60u32) as u8;
            img[y * SIDE + x] = if on {
                255 - noise
            } else if noise > 55 {
                120
            } else {
                0
            };
        }
    }
    img
}

/// The course's LeNet with a last layer of three units learns three shapes from 30 noisy
/// examples each (shifts on) and recognises the held-out ones.
#[test]
fn lenet_learns_three_shapes_from_thirty_examples_each() {
    let mut rng = rng_from_seed(5);
    let mut s = DataSet { classes: Vec::new(), held_out: 20 };
    for (k, name) in ["bar", "cross", "ring"].into_iter().enumerate() {
        let examples = (0..30).map(|_| shape(k, &mut rng)).collect();
        s.classes.push(Class { name: name.into(), examples });
    }
    let arch = Architecture::default().with_classes(3);
    assert_eq!(arch.classes(), Some(3));
    assert!(arch.plan_classes(3).ok() && !arch.plan().ok(), "3 outputs: not a digit model");
    let model = arch.build_classes(3, &mut rng_from_seed(1)).unwrap();
    let config = TrainerConfig {
        batch_size: 16,
        optimizer: OptimizerConfig::adam(3e-3),
        seed: 2,
        shift: 2,
        train_limit: None,
    };
    let mut t = Trainer::new(model, s.to_digits().unwrap(), config).unwrap();
    assert_eq!(t.train_len(), 72);
    let before = t.evaluate(Split::Test).unwrap().accuracy;
    assert!(before < 0.7, "untrained: near chance, {before}");
    for _ in 0..15 {
        t.run_epoch().unwrap();
    }
    let e = t.evaluate(Split::Test).unwrap();
    assert_eq!(e.count, 18);
    assert!(e.accuracy >= 0.95, "held-out accuracy {}", e.accuracy);
    // The confusion matrix fills its 3×3 corner only.
    let total: u32 = e.confusion.iter().flatten().sum();
    let corner: u32 = e.confusion[..3].iter().map(|r| r[..3].iter().sum::<u32>()).sum();
    assert_eq!((total, corner), (18, 18));
    // A ten-digit network is refused on three classes.
    let ten = Architecture::default().build(&mut rng_from_seed(1)).unwrap();
    assert!(Trainer::new(ten, s.to_digits().unwrap(), config).is_err());
}

#[test]
fn uploads_are_screened_before_they_are_decoded() {
    use super::image::{Refusal, fit_within, screen_file, screen_upload};
    assert_eq!(screen_upload(5000), Err(Refusal::TooManyFiles(5000)));
    assert_eq!(screen_upload(200), Ok(()));
    assert_eq!(screen_file("croix.PNG", "image/png", 3_000), Ok(()));
    assert_eq!(screen_file("rond.webp", "", 3_000), Ok(()), "no type: its name says");
    assert_eq!(
        screen_file("notes.txt", "text/plain", 10),
        Err(Refusal::NotAnImage("notes.txt".into()))
    );
    assert_eq!(
        screen_file("x.png", "application/pdf", 10),
        Err(Refusal::NotAnImage("x.png".into()))
    );
    let big = 50 << 20;
    assert_eq!(
        screen_file("photo.jpg", "image/jpeg", big),
        Err(Refusal::TooLarge("photo.jpg".into(), big))
    );
    assert_eq!(fit_within(4000, 3000, 280), (280, 210));
    assert_eq!(fit_within(30, 2000, 280), (4, 280));
    assert_eq!(fit_within(1, 90000, 280), (1, 280));
    assert_eq!(fit_within(100, 50, 280), (100, 50));
    assert_eq!(fit_within(0, 0, 280), (1, 1));
}

/// A network of three named classes goes to a file and back exactly; every cut, a file
/// whose names do not match its outputs, and a data set file are refused with their reason.
#[test]
fn a_network_file_keeps_its_class_names() {
    use super::network::{NetworkFileError, from_npz, to_npz};
    let names: Vec<String> = ["✓ coche", "✗ croix", "○ rond"].map(String::from).to_vec();
    let model =
        Architecture::default().with_classes(3).build_classes(3, &mut rng_from_seed(4)).unwrap();
    let weights = model.save_weights();
    let bytes = to_npz(&weights, &names);
    let (back, back_names) = from_npz(&bytes).unwrap();
    assert_eq!(back_names, names);
    assert_eq!(back.save_weights(), weights, "the same network, to the bit");
    for cut in [0, 10, bytes.len() / 2, bytes.len() - 1] {
        assert!(from_npz(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    let two = to_npz(&weights, &names[..2]);
    assert_eq!(from_npz(&two).unwrap_err(), NetworkFileError::Outputs { names: 2, outputs: 3 });
    let same = to_npz(&weights, &["a".into(), "A ".into(), "b".into()]);
    assert!(matches!(
        from_npz(&same),
        Err(NetworkFileError::Names(DataSetError::DuplicateName(0, 1)))
    ));
    assert_eq!(
        from_npz(&three_classes().to_npz()).unwrap_err(),
        NetworkFileError::Missing("weights")
    );
    let ten = Architecture::default().build(&mut rng_from_seed(4)).unwrap();
    let ten_names: Vec<String> = (0..10).map(|d| d.to_string()).collect();
    assert_eq!(from_npz(&to_npz(&ten.save_weights(), &ten_names)).unwrap().1, ten_names);
    let mut broken = weights.clone();
    broken[20] ^= 0xff;
    assert!(matches!(from_npz(&to_npz(&broken, &names)), Err(NetworkFileError::Weights(_))));
}

/// `n` digits, image `i` of label `i % 10` and each different (its number in its first
/// two pixels).
fn numbered_digits(n: usize) -> Mnist {
    let labels = (0..n).map(|i| (i % 10) as u8).collect();
    let pixels = (0..n)
        .flat_map(|i| {
            example(|p| [(i % 256) as u8, (i / 256) as u8][..].get(p).copied().unwrap_or(0))
        })
        .collect();
    Mnist::new(SIDE, SIDE, labels, pixels).unwrap()
}

/// MNIST digits as a class: named after the digit, pixels as in the file, the next ones
/// on a second call, at most the class limit, a class made only when there is room.
#[test]
fn mnist_digits_become_a_class_of_their_own() {
    let digits = numbered_digits(100);
    let mut s = DataSet::default();
    assert_eq!(s.add_digits(&digits, 7, 4), Ok((2, 4)));
    assert_eq!(s.names(), ["A", "B", "7"]);
    // As in the file, in file order: the 7s are images 7, 17, 27…
    assert_eq!(s.classes[2].examples[0], digits.image(7).unwrap());
    assert_eq!(s.classes[2].examples[3], digits.image(37).unwrap());
    // Again: into the same class, the next ones (none repeated).
    assert_eq!(s.add_digits(&digits, 7, 4), Ok((2, 4)));
    assert_eq!(s.classes[2].examples[4], digits.image(47).unwrap());
    // The file has ten 7s: only two more.
    assert_eq!(s.add_digits(&digits, 7, 20), Ok((2, 2)));
    assert_eq!(s.add_digits(&digits, 7, 20), Ok((2, 0)));
    assert_eq!(s.classes[2].examples.len(), 10);
    // A class named "7" by the student (trimmed) takes them too.
    let mut t = DataSet::default();
    t.rename(1, " 3 ").unwrap();
    assert_eq!(t.add_digits(&digits, 3, 2), Ok((1, 2)));
    assert_eq!(t.classes.len(), 2);
    // Ten classes: no room for an eleventh.
    for d in 0..8 {
        t.add_digits(&digits, [0, 1, 2, 4, 5, 6, 7, 8][d], 1).unwrap();
    }
    assert_eq!(t.classes.len(), MAX_CLASSES);
    assert_eq!(t.add_digits(&digits, 9, 1), Err(DataSetError::TooManyClasses(11)));
    // A full class is refused; one close to full takes what fits.
    let many = numbered_digits(10 * (MAX_PER_CLASS + 10));
    let mut u = DataSet::default();
    u.rename(0, "1").unwrap();
    for j in 0..MAX_PER_CLASS - 3 {
        u.classes[0].examples.push(example(|i| ((i + j) % 7) as u8));
    }
    assert_eq!(u.add_digits(&many, 1, 20), Ok((0, 3)));
    assert_eq!(u.add_digits(&many, 1, 20), Err(DataSetError::ClassFull(0)));
}

/// The held-out share the page shows per class: what the mask holds out.
#[test]
fn the_split_per_class_follows_the_share() {
    let held = |n, p| DataSet::held_out_mask(n, p).into_iter().filter(|&h| h).count();
    assert_eq!(held(20, 20), 4);
    assert_eq!(held(20, 5), 1);
    assert_eq!(held(20, 50), 10);
    assert_eq!(held(3, 5), 1, "at least one held out");
    assert_eq!(held(3, 50), 2, "rounded: one left to learn from");
    assert_eq!(held(2, 50), 1);
}
