//! Every preset's summary equals Keras 3's: layer names, output shapes and parameter counts
//! from real Keras (tests/fixtures/keras/summaries.py, its output summaries.tsv, made once
//! with Keras 3.15.1), against the core's plan and the built model.

use convolab::nn::{Architecture, Preset, Sequential, rng_from_seed};

const SCRIPT: &str = include_str!("fixtures/keras/summaries.py");
const TABLE: &str = include_str!("fixtures/keras/summaries.tsv");

/// The networks of the script, as (name, its Keras lines).
fn networks() -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for line in SCRIPT.lines() {
        let t = line.trim();
        if let Some(name) = t.strip_suffix(": lambda: [") {
            out.push((name.trim_matches('\'').to_string(), Vec::new()));
        } else if t.starts_with("layers.")
            && let Some((_, lines)) = out.last_mut()
        {
            lines.push(t.trim_end_matches(',').to_string());
        }
    }
    out
}

#[test]
fn every_network_matches_keras_layer_by_layer() {
    let nets = networks();
    assert_eq!(nets.len(), Preset::ALL.len() + 2, "{nets:?}");
    for (name, lines) in &nets {
        // The core reads the Keras code, and prints the same lines back.
        let arch = Architecture::parse(&lines.join("\n")).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(&arch.keras_lines(), lines, "{name}");
        if let Some(p) = Preset::from_id(name) {
            assert_eq!(p.architecture(), arch, "{name}: the fixture is the preset");
        }
        let rows: Vec<Vec<&str>> = TABLE
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split('\t').collect::<Vec<_>>())
            .filter(|f| f[0] == name)
            .collect();
        let (total, layers) = rows.split_last().expect("rows");
        assert_eq!(total[1], "total");
        let plan = arch.plan();
        assert!(plan.ok(), "{name}: {:?}", plan.failure);
        assert_eq!(plan.rows.len(), layers.len(), "{name}");
        for (r, k) in plan.rows.iter().zip(layers) {
            let shape = r.output.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("x");
            assert_eq!(
                (r.name.as_str(), r.kind, shape.as_str(), r.params.to_string().as_str()),
                (k[1], k[2], k[3], k[4]),
                "{name}"
            );
        }
        assert_eq!(plan.total_params.to_string(), total[4], "{name}");
        let model: Sequential<f32> = arch.build(&mut rng_from_seed(1)).expect("builds");
        assert_eq!(model.summary().total_params, plan.total_params, "{name}");
    }
}
