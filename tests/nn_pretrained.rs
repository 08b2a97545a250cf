//! The committed pretrained weights: they load, they are the course LeNet, and they
//! predict the 2,000 test digits (and preprocessed ones) as promised.

use convolab::data::{Mnist, Split, preprocess_drawing};
use convolab::nn::Architecture;
use convolab::nn::{io, rng_from_seed, train};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/static/data/");

#[test]
fn pretrained_weights_reach_98_percent() {
    let bytes = std::fs::read(format!("{DIR}lenet.weights")).unwrap();
    let mut model = io::from_bytes(&bytes).unwrap();
    assert_eq!(model.param_count(), 81_194);
    assert_eq!(model.configs(), Architecture::default().layers);
    let data = Mnist::load(format!("{DIR}mnist10k.bin")).unwrap();
    let test = data.indices(Split::Test);
    let r = train::evaluate(&mut model, &data, &test).unwrap();
    assert!(r.accuracy >= 0.98, "test accuracy {}", r.accuracy);

    // Through the drawn-digit path (crop, 20×20, centre of mass): still good.
    let mut ok = 0;
    let sample: Vec<usize> = test.iter().copied().step_by(4).collect();
    for &i in &sample {
        let img: Vec<f32> = data.image(i).unwrap().iter().map(|&p| p as f32 / 255.0).collect();
        let p = preprocess_drawing(&img, 28, 28).unwrap();
        let probs = model.predict(&p.input32).unwrap();
        let pred = probs
            .iter()
            .enumerate()
            .fold((0, f32::MIN), |b, (k, &v)| if v > b.1 { (k, v) } else { b })
            .0;
        ok += usize::from(pred == data.label(i).unwrap() as usize);
    }
    assert!(ok as f32 / sample.len() as f32 > 0.95, "{ok}/{}", sample.len());

    // load_into the app's model.
    let mut app = Architecture::default().build::<f32>(&mut rng_from_seed(0)).unwrap();
    io::load_into(&mut app, &bytes).unwrap();
    assert_eq!(app.flat_params(), model.flat_params());
}
