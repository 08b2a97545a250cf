//! The exercises in words, French and English (our own words): the question, hints before
//! the answer, and the worked solution. Every number is written as the language writes it
//! and recomputed by the core where the solution shows arithmetic.

use super::generate::year;
use super::model::{Answer, Choice, Exercise, Kind, Prompt};
use crate::app::i18n::Lang;
use crate::app::i18n::errors::nn_error;
use crate::app::i18n::num::{decimal, integer};
use crate::nn::arch::{ParamTerms, PlanRow};
use crate::nn::kernels::{kernels_1d, kernels_2d};
use crate::nn::layers::AxisGeometry;
use crate::nn::{Activation, Architecture, LayerConfig, Padding, PoolKind, window};

fn tr(lang: Lang, fr: &str, en: &str) -> String {
    match lang {
        Lang::Fr => fr.to_string(),
        Lang::En => en.to_string(),
    }
}

fn num(lang: Lang, v: f64) -> String {
    decimal(lang, v, 3)
}

fn list(lang: Lang, v: &[f64]) -> String {
    let sep = if lang == Lang::Fr { " ; " } else { ", " };
    format!("[{}]", v.iter().map(|&x| num(lang, x)).collect::<Vec<_>>().join(sep))
}

fn grid(lang: Lang, g: &[Vec<f64>]) -> String {
    g.iter().map(|r| list(lang, r)).collect::<Vec<_>>().join("\n")
}

fn pad_name(lang: Lang, p: Padding) -> String {
    match p {
        Padding::Valid => tr(lang, "« valid » (sans bourrage)", "\"valid\" (no padding)"),
        Padding::Same => tr(lang, "« same » (bourrage de zéros)", "\"same\" (zero padding)"),
    }
}

fn kernel_name(lang: Lang, id: &str) -> String {
    let k = kernels_1d().into_iter().chain(kernels_2d()).find(|k| k.id == id);
    match (k, lang) {
        (Some(k), Lang::Fr) => k.name_fr.to_string(),
        (Some(k), Lang::En) => k.name_en.to_string(),
        (None, _) => id.to_string(),
    }
}

fn event_title(lang: Lang, e: usize) -> String {
    lang.texts().history.events[e].title.to_string()
}

/// The four statements about dropout at inference; the first is true.
fn statement(lang: Lang, i: usize) -> String {
    match i {
        0 => tr(
            lang,
            "Rien n’est éteint : les valeurs passent telles quelles.",
            "Nothing is switched off: the values pass through unchanged.",
        ),
        1 => tr(
            lang,
            "On éteint encore une partie des neurones, tirée au hasard.",
            "Some units are still switched off, drawn at random.",
        ),
        2 => tr(
            lang,
            "Les valeurs sont multipliées par 1 − p.",
            "The values are multiplied by 1 − p.",
        ),
        _ => tr(
            lang,
            "La couche est retirée et le réseau doit être réentraîné.",
            "The layer is removed and the network must be retrained.",
        ),
    }
}

/// French typography: a no-break space before : ; ? ! and inside « », so that a line
/// never breaks before the punctuation.
fn typo(lang: Lang, s: String) -> String {
    match lang {
        Lang::En => s,
        Lang::Fr => s
            .replace(" :", "\u{a0}:")
            .replace(" ;", "\u{a0};")
            .replace(" ?", "\u{a0}?")
            .replace(" !", "\u{a0}!")
            .replace("« ", "«\u{a0}")
            .replace(" »", "\u{a0}»"),
    }
}

/// An option of a choice, as shown on its button.
pub fn option_label(lang: Lang, c: &Choice) -> String {
    typo(lang, option_raw(lang, c))
}

fn option_raw(lang: Lang, c: &Choice) -> String {
    match c {
        Choice::Kernel(id) => kernel_name(lang, id),
        Choice::Digit(d) => d.to_string(),
        Choice::Statement(i) => statement(lang, *i),
        Choice::Event(e) => event_title(lang, *e),
        Choice::Network(i) => format!("{} {}", tr(lang, "Réseau", "Network"), net_letter(*i)),
        Choice::Direction(true) => tr(lang, "Il monte", "It goes up"),
        Choice::Direction(false) => tr(lang, "Il descend", "It goes down"),
        Choice::Cell(i) => {
            let fr = ["En haut à gauche", "En haut à droite", "En bas à gauche", "En bas à droite"];
            let en = ["Top left", "Top right", "Bottom left", "Bottom right"];
            tr(lang, fr[i % 4], en[i % 4])
        }
    }
}

/// `₀`, `₁`: a weight's index as the lesson writes it.
fn sub(i: usize) -> char {
    char::from_u32(0x2080 + (i % 10) as u32).unwrap_or('?')
}

fn net_letter(i: usize) -> char {
    (b'A' + (i % 26) as u8) as char
}

/// A layer as the question writes it: Keras's class and its settings that matter for the
/// arithmetic (`Conv2D(6, 5×5, stride 2, same)`; ReLU is said once for the network).
fn layer_name(lang: Lang, l: &LayerConfig) -> String {
    let sq = |p: (usize, usize)| format!("{}×{}", p.0, p.1);
    match l {
        LayerConfig::Conv2D(c) => {
            let mut s = format!("Conv2D({}, {}", c.filters, sq(c.kernel_size));
            if c.strides != (1, 1) {
                s += &format!(", {} {}", tr(lang, "pas", "stride"), c.strides.0);
            }
            if c.padding == Padding::Same {
                s += ", same";
            }
            s + ")"
        }
        LayerConfig::Pool(p) => format!("{}({})", l.kind(), sq(p.pool_size)),
        LayerConfig::Dense(d) if d.activation == Activation::Softmax => {
            format!("Dense({}, softmax)", d.units)
        }
        LayerConfig::Dense(d) => format!("Dense({})", d.units),
        LayerConfig::Dropout(d) => format!("Dropout({})", num(lang, d.rate as f64)),
        other => other.kind().to_string(),
    }
}

fn network(lang: Lang, net: &Architecture) -> String {
    let names: Vec<String> = net.layers.iter().map(|l| layer_name(lang, l)).collect();
    format!("{} → {}", tr(lang, "Entrée 32×32×1", "Input 32×32×1"), names.join(" → "))
}

/// One axis of a window's output size: `⌊(32 + 2 − 5)/2⌋ + 1 = 15`.
fn axis_formula(g: &AxisGeometry) -> String {
    let pads = g.pad_before + g.pad_after;
    let n = if pads > 0 { format!("{} + {pads}", g.n) } else { g.n.to_string() };
    format!("⌊({n} − {})/{}⌋ + 1 = {}", g.k, g.stride, g.out)
}

/// A layer's parameters as their arithmetic: `(3·3·1 + 1)·6 = 60`.
fn param_formula(lang: Lang, r: &PlanRow) -> Option<String> {
    let total = |n: usize| if n >= 10_000 { integer(lang, n as u64) } else { n.to_string() };
    match &r.terms {
        ParamTerms::None => None,
        ParamTerms::Kernel { taps, channels, filters, bias } => {
            let taps: Vec<String> = taps.iter().map(|t| t.to_string()).collect();
            let b = if *bias { " + 1" } else { "" };
            Some(format!("({}·{channels}{b})·{filters} = {}", taps.join("·"), total(r.params)))
        }
        ParamTerms::Dense { inputs, units, bias } => {
            let b = if *bias { " + 1" } else { "" };
            Some(format!("({inputs}{b})·{units} = {}", total(r.params)))
        }
    }
}

/// The short title of the exercise's kind.
pub fn title(lang: Lang, e: &Exercise) -> String {
    kind_title(lang, e.kind)
}

/// A kind's title, without generating an exercise of it (some build a whole network).
pub fn kind_title(lang: Lang, kind: Kind) -> String {
    typo(lang, title_raw(lang, kind))
}

fn title_raw(lang: Lang, kind: Kind) -> String {
    use Kind::*;
    let (fr, en) = match kind {
        Conv1dWindow => ("Une fenêtre à la main", "One window by hand"),
        Conv1dLength => ("Longueur de la sortie", "Output length"),
        Conv1dWhichKernel => ("Quel noyau ?", "Which kernel?"),
        Conv1dSamePadding => ("Combien de zéros ?", "How many zeros?"),
        Conv2dPixel => ("Un pixel de sortie", "One output pixel"),
        Conv2dSize => ("Taille de la sortie", "Output size"),
        Conv2dWhichKernel => ("Quel filtre ?", "Which filter?"),
        Conv2dParams => ("Paramètres d’une Conv2D", "Parameters of a Conv2D"),
        PoolCell => ("Une case de pooling", "One pooling cell"),
        PoolSize => ("Taille après pooling", "Size after pooling"),
        PoolUncovered => ("Les oubliés du pooling", "What pooling leaves out"),
        PoolChain => ("De 30 à 6", "From 30 to 6"),
        DropoutKept => ("Combien restent allumés ?", "How many stay on?"),
        DropoutScale => ("Le facteur du dropout", "The dropout factor"),
        DropoutInference => ("Et à l’inférence ?", "And at inference?"),
        DropoutParams => ("Paramètres d’une Dense", "Parameters of a Dense layer"),
        LearnLoss => ("L’erreur d’un noyau", "A kernel's loss"),
        LearnGradient => ("Le gradient d’un poids", "A weight's gradient"),
        LearnUpdateSign => ("Vers le haut ou vers le bas ?", "Up or down?"),
        LearnPoolGradient => ("Où va le gradient du max ?", "Where does the max's gradient go?"),
        LenetParams => ("Paramètres d’une couche", "Parameters of a layer"),
        LenetShape => ("Forme d’une sortie", "Shape of an output"),
        LenetBroken => ("Quel réseau casse\u{a0}?", "Which network breaks?"),
        LenetConfusionCell => ("Lire la matrice de confusion", "Read the confusion matrix"),
        LenetMostConfused => ("Le chiffre le plus confondu", "The most confused digit"),
        HistoryOrder => ("Remettre dans l’ordre", "Put in order"),
        HistoryYear => ("En quelle année ?", "Which year?"),
        HistoryFirst => ("Lequel d’abord ?", "Which came first?"),
        HistoryGap => ("Combien d’années ?", "How many years?"),
    };
    tr(lang, fr, en)
}

/// The question, complete (every number it needs is in it).
pub fn prompt(lang: Lang, e: &Exercise) -> String {
    typo(lang, prompt_raw(lang, e))
}

fn prompt_raw(lang: Lang, e: &Exercise) -> String {
    let fr = lang == Lang::Fr;
    match &e.prompt {
        Prompt::Conv1dWindow { signal, kernel, padding, stride, output } => {
            if fr {
                format!(
                    "Signal {} ; noyau {} ; bourrage {} ; pas {stride}. Que vaut la sortie n° {} (sans biais) ?",
                    list(lang, signal),
                    list(lang, kernel),
                    pad_name(lang, *padding),
                    output + 1
                )
            } else {
                format!(
                    "Signal {}; kernel {}; padding {}; stride {stride}. What is output no. {} (no bias)?",
                    list(lang, signal),
                    list(lang, kernel),
                    pad_name(lang, *padding),
                    output + 1
                )
            }
        }
        Prompt::Conv1dLength { n, k, padding, stride } => {
            if fr {
                format!(
                    "Un signal de {n} valeurs, un noyau de taille {k}, un bourrage {}, un pas de {stride}. Combien de valeurs en sortie ?",
                    pad_name(lang, *padding)
                )
            } else {
                format!(
                    "A signal of {n} values, a kernel of size {k}, padding {}, stride {stride}. How many values come out?",
                    pad_name(lang, *padding)
                )
            }
        }
        Prompt::Conv1dWhichKernel { signal, output } => {
            if fr {
                format!(
                    "Le signal {} devient {} (bourrage « valid »). Quel noyau du cours a servi ?",
                    list(lang, signal),
                    list(lang, output)
                )
            } else {
                format!(
                    "The signal {} becomes {} (\"valid\" padding). Which kernel of the course did this?",
                    list(lang, signal),
                    list(lang, output)
                )
            }
        }
        Prompt::Conv1dSamePadding { n, k, stride } => {
            if fr {
                format!(
                    "Avec padding=\"same\", un signal de {n} valeurs, un noyau de taille {k} et un pas de {stride} : combien de zéros Keras ajoute-t-il en tout (avant + après) ?"
                )
            } else {
                format!(
                    "With padding=\"same\", a signal of {n} values, a kernel of size {k} and a stride of {stride}: how many zeros does Keras add in all (before + after)?"
                )
            }
        }
        Prompt::Conv2dPixel { image, kernel, row, col } => {
            if fr {
                format!(
                    "Image 5×5 :\n{}\nNoyau 3×3 :\n{}\nBourrage « valid », pas 1, sans biais. Que vaut le pixel de sortie ligne {}, colonne {} ?",
                    grid(lang, image),
                    grid(lang, kernel),
                    row + 1,
                    col + 1
                )
            } else {
                format!(
                    "5×5 image:\n{}\n3×3 kernel:\n{}\n\"valid\" padding, stride 1, no bias. What is the output pixel at row {}, column {}?",
                    grid(lang, image),
                    grid(lang, kernel),
                    row + 1,
                    col + 1
                )
            }
        }
        Prompt::Conv2dSize { rows, cols, k, padding, stride } => {
            if fr {
                format!(
                    "Une image de {rows}×{cols} (lignes × colonnes), un noyau de {}×{}, un bourrage {}, un pas de {stride}. Quelle taille fait la sortie (lignes × colonnes) ?",
                    k.0,
                    k.1,
                    pad_name(lang, *padding)
                )
            } else {
                format!(
                    "An image of {rows}×{cols} (rows × columns), a {}×{} kernel, padding {}, stride {stride}. What size is the output (rows × columns)?",
                    k.0,
                    k.1,
                    pad_name(lang, *padding)
                )
            }
        }
        Prompt::Conv2dWhichKernel { image, output } => {
            if fr {
                format!(
                    "L’image\n{}\ndevient la carte\n{}\n(bourrage « valid »). Quel filtre du cours a servi ?",
                    grid(lang, image),
                    grid(lang, output)
                )
            } else {
                format!(
                    "The image\n{}\nbecomes the map\n{}\n(\"valid\" padding). Which filter of the course did this?",
                    grid(lang, image),
                    grid(lang, output)
                )
            }
        }
        Prompt::Conv2dParams { filters, k, channels } => {
            if fr {
                format!(
                    "Une couche Conv2D({filters}, ({k}, {k})) reçoit une entrée à {channels} canal(aux). Combien a-t-elle de paramètres (poids et biais) ?"
                )
            } else {
                format!(
                    "A Conv2D({filters}, ({k}, {k})) layer gets an input with {channels} channel(s). How many parameters (weights and biases) does it have?"
                )
            }
        }
        Prompt::PoolCell { kind, image, pool, row, col } => {
            let kind = pool_kind(lang, *kind);
            if fr {
                format!(
                    "Carte 6×6 :\n{}\n{kind} {pool}×{pool}, pas {pool}. Que vaut la case de sortie ligne {}, colonne {} ?",
                    grid(lang, image),
                    row + 1,
                    col + 1
                )
            } else {
                format!(
                    "6×6 map:\n{}\n{kind} {pool}×{pool}, stride {pool}. What is the output cell at row {}, column {}?",
                    grid(lang, image),
                    row + 1,
                    col + 1
                )
            }
        }
        Prompt::PoolSize { n, pool, stride } => {
            if fr {
                format!(
                    "Un pooling de taille {pool}, pas {stride}, sans bourrage, sur {n} valeurs. Combien de valeurs en sortie ?"
                )
            } else {
                format!(
                    "A pooling of size {pool}, stride {stride}, no padding, over {n} values. How many values come out?"
                )
            }
        }
        Prompt::PoolUncovered { n, pool, stride } => {
            if fr {
                format!(
                    "Un pooling de taille {pool}, pas {stride}, sans bourrage, sur {n} valeurs. Combien de valeurs d’entrée ne sont lues par aucune fenêtre ?"
                )
            } else {
                format!(
                    "A pooling of size {pool}, stride {stride}, no padding, over {n} values. How many input values does no window read?"
                )
            }
        }
        Prompt::PoolChain { n, k } => {
            if fr {
                format!(
                    "Une carte {n}×{n} passe par AveragePooling2D(2), puis Conv2D(…, ({k}, {k})) sans bourrage, puis AveragePooling2D(2). Quel côté fait la carte finale ?"
                )
            } else {
                format!(
                    "An {n}×{n} map goes through AveragePooling2D(2), then Conv2D(…, ({k}, {k})) with no padding, then AveragePooling2D(2). What side does the final map have?"
                )
            }
        }
        Prompt::DropoutKept { units, rate } => {
            if fr {
                format!(
                    "Dropout({}) après une couche de {units} neurones, pendant l’entraînement. Combien de neurones restent allumés en moyenne ?",
                    num(lang, *rate)
                )
            } else {
                format!(
                    "Dropout({}) after a layer of {units} units, during training. How many units stay on, on average?",
                    num(lang, *rate)
                )
            }
        }
        Prompt::DropoutScale { rate } => {
            if fr {
                format!(
                    "Avec Dropout({}), Keras multiplie les valeurs gardées pendant l’entraînement. Par quel facteur (2 décimales) ?",
                    num(lang, *rate)
                )
            } else {
                format!(
                    "With Dropout({}), Keras multiplies the kept values during training. By what factor (2 decimals)?",
                    num(lang, *rate)
                )
            }
        }
        Prompt::DropoutInference { rate } => {
            if fr {
                format!(
                    "Un réseau entraîné avec Dropout({}) sert maintenant à prédire (inférence). Que fait la couche Dropout ?",
                    num(lang, *rate)
                )
            } else {
                format!(
                    "A network trained with Dropout({}) is now used to predict (inference). What does the Dropout layer do?",
                    num(lang, *rate)
                )
            }
        }
        Prompt::DropoutParams { inputs, units } => {
            if fr {
                format!(
                    "Une couche Dense({units}) reçoit {inputs} valeurs. Combien a-t-elle de paramètres (poids et biais) ?"
                )
            } else {
                format!(
                    "A Dense({units}) layer receives {inputs} values. How many parameters (weights and biases) does it have?"
                )
            }
        }
        Prompt::LearnLoss { signal, kernel, target } => {
            if fr {
                format!(
                    "Un filtre Conv1D sans biais, de noyau {}, glisse sur le signal {} ; la cible est {}. Que vaut l’erreur quadratique moyenne L = (1/N) Σ (yᵢ − tᵢ)² (2 décimales) ?",
                    list(lang, kernel),
                    list(lang, signal),
                    list(lang, target)
                )
            } else {
                format!(
                    "A Conv1D filter without bias, kernel {}, slides over the signal {}; the target is {}. What is the mean squared error L = (1/N) Σ (yᵢ − tᵢ)² (2 decimals)?",
                    list(lang, kernel),
                    list(lang, signal),
                    list(lang, target)
                )
            }
        }
        Prompt::LearnGradient { signal, kernel, target, weight } => {
            if fr {
                format!(
                    "Signal {} ; noyau (w₀, w₁) = {} sans biais ; cible {} ; erreur quadratique moyenne. Que vaut ∂L/∂w{} (2 décimales) ?",
                    list(lang, signal),
                    list(lang, kernel),
                    list(lang, target),
                    sub(*weight)
                )
            } else {
                format!(
                    "Signal {}; kernel (w₀, w₁) = {} without bias; target {}; mean squared error. What is ∂L/∂w{} (2 decimals)?",
                    list(lang, signal),
                    list(lang, kernel),
                    list(lang, target),
                    sub(*weight)
                )
            }
        }
        Prompt::LearnUpdateSign { signal, kernel, target, weight, rate } => {
            if fr {
                format!(
                    "Signal {} ; noyau (w₀, w₁) = {} sans biais ; cible {} ; erreur quadratique moyenne. Après un pas de descente de gradient (η = {}), w{} monte-t-il ou descend-il ?",
                    list(lang, signal),
                    list(lang, kernel),
                    list(lang, target),
                    num(lang, *rate),
                    sub(*weight)
                )
            } else {
                format!(
                    "Signal {}; kernel (w₀, w₁) = {} without bias; target {}; mean squared error. After one gradient descent step (η = {}), does w{} go up or down?",
                    list(lang, signal),
                    list(lang, kernel),
                    list(lang, target),
                    num(lang, *rate),
                    sub(*weight)
                )
            }
        }
        Prompt::LearnPoolGradient { window } => {
            if fr {
                format!(
                    "Une fenêtre 2×2 de MaxPooling2D contient {} (ligne par ligne). Le gradient 1 arrive à sa sortie : quelle case de la fenêtre le reçoit ?",
                    grid(lang, window)
                )
            } else {
                format!(
                    "A 2×2 MaxPooling2D window holds {} (row by row). A gradient of 1 arrives at its output: which cell of the window receives it?",
                    grid(lang, window)
                )
            }
        }
        Prompt::LenetParams { net, asked } => {
            if fr {
                format!(
                    "Réseau (ReLU partout, softmax à la fin)\u{a0}: {}. Combien de paramètres a la couche n° {} ({})\u{a0}?",
                    network(lang, net),
                    asked + 1,
                    layer_name(lang, &net.layers[*asked])
                )
            } else {
                format!(
                    "Network (ReLU throughout, softmax last): {}. How many parameters does layer no. {} ({}) have?",
                    network(lang, net),
                    asked + 1,
                    layer_name(lang, &net.layers[*asked])
                )
            }
        }
        Prompt::LenetShape { net, asked } => {
            if fr {
                format!(
                    "Réseau\u{a0}: {}. Quelle taille (lignes × colonnes) ont les cartes en sortie de la couche n° {} ({})\u{a0}?",
                    network(lang, net),
                    asked + 1,
                    layer_name(lang, &net.layers[*asked])
                )
            } else {
                format!(
                    "Network: {}. What size (rows × columns) are the maps out of layer no. {} ({})?",
                    network(lang, net),
                    asked + 1,
                    layer_name(lang, &net.layers[*asked])
                )
            }
        }
        Prompt::LenetBroken { nets } => {
            let lines: Vec<String> = nets
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let name = format!("{} {}", tr(lang, "Réseau", "Network"), net_letter(i));
                    format!("{name}{} {}", tr(lang, " :", ":"), network(lang, n))
                })
                .collect();
            if fr {
                format!(
                    "L’un de ces trois réseaux ne peut pas être construit. Lequel\u{a0}?\n{}",
                    lines.join("\n")
                )
            } else {
                format!(
                    "One of these three networks cannot be built. Which one?\n{}",
                    lines.join("\n")
                )
            }
        }
        Prompt::LenetConfusion { true_digit, predicted, .. } => {
            if fr {
                format!(
                    "Dans cette matrice de confusion (lignes : le vrai chiffre, colonnes : la prédiction), combien de {true_digit} ont été lus comme des {predicted} ?"
                )
            } else {
                format!(
                    "In this confusion matrix (rows: the true digit, columns: the prediction), how many {true_digit}s were read as {predicted}s?"
                )
            }
        }
        Prompt::LenetMostConfused { .. } => tr(
            lang,
            "Dans cette matrice de confusion (lignes : le vrai chiffre), quel chiffre le réseau rate-t-il le plus souvent ?",
            "In this confusion matrix (rows: the true digit), which digit does the network get wrong most often?",
        ),
        Prompt::HistoryOrder { .. } => tr(
            lang,
            "Remettez ces événements dans l’ordre chronologique.",
            "Put these events in chronological order.",
        ),
        Prompt::HistoryYear { event } => {
            if fr {
                format!("En quelle année : « {} » ?", event_title(lang, *event))
            } else {
                format!("In which year: \"{}\"?", event_title(lang, *event))
            }
        }
        Prompt::HistoryFirst { .. } => tr(
            lang,
            "Lequel de ces deux événements est arrivé en premier ?",
            "Which of these two events came first?",
        ),
        Prompt::HistoryGap { a, b } => {
            if fr {
                format!(
                    "Combien d’années séparent « {} » et « {} » ?",
                    event_title(lang, *a),
                    event_title(lang, *b)
                )
            } else {
                format!(
                    "How many years lie between \"{}\" and \"{}\"?",
                    event_title(lang, *a),
                    event_title(lang, *b)
                )
            }
        }
    }
}

fn pool_kind(lang: Lang, k: PoolKind) -> String {
    match k {
        PoolKind::Max => tr(lang, "Max pooling", "Max pooling"),
        PoolKind::Average => tr(lang, "Average pooling", "Average pooling"),
    }
}

/// A hint, shown before the answer.
pub fn hint(lang: Lang, e: &Exercise) -> String {
    typo(lang, hint_raw(lang, e))
}

fn hint_raw(lang: Lang, e: &Exercise) -> String {
    use Kind::*;
    let (fr, en) = match e.kind {
        Conv1dWindow => (
            "Posez le noyau sur la fenêtre, multipliez terme à terme, puis additionnez. Avec « same », les cases hors du signal valent 0.",
            "Lay the kernel on the window, multiply term by term, then add up. With \"same\", positions outside the signal are 0.",
        ),
        Conv1dLength | Conv2dSize => (
            "Sans bourrage : ⌊(n − k) / s⌋ + 1. Avec « same » : ⌈n / s⌉.",
            "No padding: ⌊(n − k) / s⌋ + 1. With \"same\": ⌈n / s⌉.",
        ),
        Conv1dWhichKernel | Conv2dWhichKernel => (
            "Regardez la taille de la sortie, puis le signe des valeurs : une moyenne reste positive, une dérivée change de signe.",
            "Look at the output's size, then the signs: an average stays positive, a derivative changes sign.",
        ),
        Conv1dSamePadding => (
            "La sortie fait ⌈n / s⌉ ; il faut assez de zéros pour que la dernière fenêtre tienne : (sortie − 1) × s + k − n.",
            "The output has ⌈n / s⌉ values; you need enough zeros for the last window to fit: (out − 1) × s + k − n.",
        ),
        Conv2dPixel => (
            "La fenêtre 3×3 commence à la même ligne et colonne que le pixel de sortie.",
            "The 3×3 window starts at the same row and column as the output pixel.",
        ),
        Conv2dParams | DropoutParams | LenetParams => (
            "Chaque filtre ou neurone a un poids par entrée qu’il lit, plus un biais.",
            "Each filter or unit has one weight per input it reads, plus one bias.",
        ),
        PoolCell => (
            "La fenêtre 2×2 de la case (i, j) commence à la ligne 2i − 1 et la colonne 2j − 1.",
            "The 2×2 window of cell (i, j) starts at row 2i − 1 and column 2j − 1.",
        ),
        PoolSize | PoolChain => (
            "Le pooling arrondit vers le bas : ⌊(n − taille) / pas⌋ + 1.",
            "Pooling rounds down: ⌊(n − size) / stride⌋ + 1.",
        ),
        PoolUncovered => (
            "Cherchez où finit la dernière fenêtre : (sortie − 1) × pas + taille.",
            "Find where the last window ends: (out − 1) × stride + size.",
        ),
        DropoutKept => (
            "Un taux p éteint une fraction p des neurones.",
            "A rate p switches off a fraction p of the units.",
        ),
        DropoutScale => (
            "Keras garde la même moyenne : il divise les valeurs gardées par la part gardée.",
            "Keras keeps the same mean: it divides the kept values by the kept fraction.",
        ),
        DropoutInference => (
            "Le facteur est déjà appliqué pendant l’entraînement (dropout « inversé »).",
            "The factor is already applied during training (\"inverted\" dropout).",
        ),
        LearnLoss => (
            "Calculez chaque sortie yᵢ = w₀·xᵢ + w₁·xᵢ₊₁, son écart à la cible, élevez au carré, puis faites la moyenne.",
            "Compute each output yᵢ = w₀·xᵢ + w₁·xᵢ₊₁, its gap to the target, square it, then average.",
        ),
        LearnGradient => (
            "∂L/∂w_k = (2/N) Σᵢ (yᵢ − tᵢ) · xᵢ₊ₖ : chaque fenêtre apporte son erreur multipliée par l’entrée que w_k y voit.",
            "∂L/∂w_k = (2/N) Σᵢ (yᵢ − tᵢ) · xᵢ₊ₖ: each window adds its error times the input w_k sees there.",
        ),
        LearnUpdateSign => (
            "Le pas est w ← w − η · ∂L/∂w : seul le signe du gradient compte.",
            "The step is w ← w − η · ∂L/∂w: only the gradient's sign matters.",
        ),
        LearnPoolGradient => (
            "Le max ne dépend que de sa plus grande entrée : bouger les autres ne change rien à la sortie.",
            "The max depends on its largest input only: moving the others changes nothing at the output.",
        ),
        LenetShape => (
            "Chaque côté devient ⌊(n + bourrage − k) / pas⌋ + 1\u{a0}: une Conv2D 3×3 sans bourrage enlève 2\u{a0}; « same » garde n (÷ pas)\u{a0}; un pooling 2×2 divise par 2, vers le bas.",
            "Each side becomes ⌊(n + padding − k) / stride⌋ + 1: a 3×3 Conv2D without padding takes 2 off; \"same\" keeps n (÷ stride); a 2×2 pooling halves it, rounding down.",
        ),
        LenetBroken => (
            "Suivez la taille des cartes couche après couche\u{a0}: une fenêtre ne peut pas être plus grande que la carte qu’elle lit, et une Dense lit un vecteur (Flatten avant).",
            "Follow the size of the maps layer by layer: a window cannot be larger than the map it reads, and a Dense layer reads a vector (Flatten first).",
        ),
        LenetConfusionCell => (
            "Ligne = ce qu’était vraiment le chiffre, colonne = ce que le réseau a répondu.",
            "Row = what the digit really was, column = what the network answered.",
        ),
        LenetMostConfused => (
            "Pour chaque ligne, additionnez tout sauf la diagonale.",
            "For each row, add everything except the diagonal.",
        ),
        HistoryOrder | HistoryYear | HistoryFirst | HistoryGap => (
            "La frise de la leçon Histoire donne toutes les dates.",
            "The History lesson's timeline gives every date.",
        ),
    };
    tr(lang, fr, en)
}

/// The answer as it is written (in the exercise's unit).
pub fn answer_text(lang: Lang, e: &Exercise) -> String {
    match &e.answer {
        Answer::Number { value, decimals } => decimal(lang, *value, *decimals),
        Answer::Integer(v) if *v >= 10_000 => integer(lang, *v as u64),
        Answer::Integer(v) => v.to_string(),
        Answer::Size(a, b) => format!("{a}×{b}"),
        Answer::Choice { options, correct } => option_label(lang, &options[*correct]),
        Answer::Order { options, correct } => {
            correct.iter().map(|&i| option_label(lang, &options[i])).collect::<Vec<_>>().join(" → ")
        }
    }
}

fn term(lang: Lang, v: f64) -> String {
    let s = num(lang, v);
    if v < 0.0 { format!("({s})") } else { s }
}

/// The worked solution, line by line, with the same arithmetic as the step debugger.
pub fn solution(lang: Lang, e: &Exercise) -> Vec<String> {
    solution_raw(lang, e).into_iter().map(|l| typo(lang, l)).collect()
}

fn solution_raw(lang: Lang, e: &Exercise) -> Vec<String> {
    let fr = lang == Lang::Fr;
    let ans = answer_text(lang, e);
    match &e.prompt {
        Prompt::Conv1dWindow { signal, kernel, padding, stride, output } => {
            let w = window::conv1d_window(signal, kernel, *stride, *padding, 0.0, *output)
                .expect("generated window");
            let first = w.terms[0].input_index.map_or(-1, |i| i as i64);
            let products: Vec<String> = w
                .terms
                .iter()
                .map(|t| format!("{}×{}", term(lang, t.weight), term(lang, t.input)))
                .collect();
            vec![
                if fr {
                    format!(
                        "La fenêtre n° {} lit les valeurs {} (0 hors du signal).",
                        output + 1,
                        list(lang, &w.terms.iter().map(|t| t.input).collect::<Vec<_>>())
                    )
                } else {
                    format!(
                        "Window no. {} reads the values {} (0 outside the signal).",
                        output + 1,
                        list(lang, &w.terms.iter().map(|t| t.input).collect::<Vec<_>>())
                    )
                },
                format!("{} = {}", products.join(" + "), num(lang, w.output)),
                if first < 0 {
                    tr(lang, "Elle commence dans le bourrage.", "It starts in the padding.")
                } else {
                    String::new()
                },
            ]
            .into_iter()
            .filter(|l| !l.is_empty())
            .collect()
        }
        Prompt::Conv1dLength { n, k, padding, stride } => {
            vec![size_line(lang, *n, *k, *padding, *stride)]
        }
        Prompt::Conv2dSize { rows, cols, k, padding, stride } => vec![
            format!(
                "{} {}",
                tr(lang, "Lignes :", "Rows:"),
                size_line(lang, *rows, k.0, *padding, *stride)
            ),
            format!(
                "{} {}",
                tr(lang, "Colonnes :", "Columns:"),
                size_line(lang, *cols, k.1, *padding, *stride)
            ),
        ],
        Prompt::Conv1dWhichKernel { signal, .. } => super::generate::KERNELS_1D
            .iter()
            .map(|id| {
                let k = kernels_1d().into_iter().find(|k| k.id == *id).expect("course kernel");
                let out = window::conv1d(signal, &k.weights, 1, Padding::Valid).expect("valid");
                format!(
                    "{} {} → {}",
                    kernel_name(lang, id),
                    list(lang, &k.weights),
                    list(lang, &out)
                )
            })
            .chain([format!("{} {ans}.", tr(lang, "Réponse :", "Answer:"))])
            .collect(),
        Prompt::Conv1dSamePadding { n, k, stride } => {
            let g = window::geometry(*n, *k, *stride, Padding::Same).expect("same");
            vec![
                format!("{} ⌈{n} / {stride}⌉ = {}", tr(lang, "Sortie :", "Output:"), g.out),
                format!(
                    "max(({} − 1) × {stride} + {k} − {n}, 0) = {} ({} + {})",
                    g.out,
                    g.pad_before + g.pad_after,
                    g.pad_before,
                    g.pad_after
                ),
            ]
        }
        Prompt::Conv2dPixel { image, kernel, row, col } => {
            let img = to_array(image);
            let ker = to_array(kernel);
            let w = window::conv2d_window(
                img.view(),
                ker.view(),
                (1, 1),
                Padding::Valid,
                0.0,
                (*row, *col),
            )
            .expect("generated window");
            let products: Vec<String> = w
                .terms
                .iter()
                .filter(|t| t.weight != 0.0)
                .map(|t| format!("{}×{}", term(lang, t.weight), term(lang, t.input)))
                .collect();
            vec![
                if fr {
                    format!(
                        "La fenêtre couvre les lignes {} à {} et les colonnes {} à {} (les poids nuls sont omis).",
                        row + 1,
                        row + 3,
                        col + 1,
                        col + 3
                    )
                } else {
                    format!(
                        "The window covers rows {} to {} and columns {} to {} (zero weights left out).",
                        row + 1,
                        row + 3,
                        col + 1,
                        col + 3
                    )
                },
                format!(
                    "{} = {}",
                    if products.is_empty() { "0".to_string() } else { products.join(" + ") },
                    num(lang, w.output)
                ),
            ]
        }
        Prompt::Conv2dWhichKernel { image, .. } => {
            let img = to_array(image);
            super::generate::KERNELS_2D
                .iter()
                .map(|id| {
                    let k = kernels_2d().into_iter().find(|k| k.id == *id).expect("course kernel");
                    let ker = ndarray::Array2::from_shape_vec((k.rows, k.cols), k.weights)
                        .expect("shape");
                    let out = window::conv2d(img.view(), ker.view(), (1, 1), Padding::Valid)
                        .expect("valid");
                    let first = out.row(0).to_vec();
                    format!(
                        "{} → {}×{}, {} {}",
                        kernel_name(lang, id),
                        out.nrows(),
                        out.ncols(),
                        tr(lang, "première ligne", "first row"),
                        list(lang, &first)
                    )
                })
                .chain([format!("{} {ans}.", tr(lang, "Réponse :", "Answer:"))])
                .collect()
        }
        Prompt::Conv2dParams { filters, k, channels } => {
            vec![format!("{k} × {k} × {channels} × {filters} + {filters} = {ans}")]
        }
        Prompt::PoolCell { kind, image, pool, row, col } => {
            let img = to_array(image);
            let ws =
                window::pool2d_windows(img.view(), *kind, (*pool, *pool), None, Padding::Valid)
                    .expect("generated");
            let w = ws.iter().find(|w| w.output_index == (*row, *col)).expect("cell");
            let vals: Vec<String> = w.cells.iter().map(|c| num(lang, c.1)).collect();
            vec![match kind {
                PoolKind::Max => format!(
                    "max({}) = {}",
                    vals.join(if fr { " ; " } else { ", " }),
                    num(lang, w.output)
                ),
                PoolKind::Average => {
                    format!("({}) / {} = {}", vals.join(" + "), vals.len(), num(lang, w.output))
                }
            }]
        }
        Prompt::PoolSize { n, pool, stride } => {
            vec![size_line(lang, *n, *pool, Padding::Valid, *stride)]
        }
        Prompt::PoolUncovered { n, pool, stride } => {
            let g = window::geometry(*n, *pool, *stride, Padding::Valid).expect("generated");
            let end = (g.out - 1) * stride + pool;
            vec![
                size_line(lang, *n, *pool, Padding::Valid, *stride),
                if fr {
                    format!(
                        "La dernière fenêtre finit à la valeur ({} − 1) × {stride} + {pool} = {end} ; il reste {n} − {end} = {ans}.",
                        g.out
                    )
                } else {
                    format!(
                        "The last window ends at value ({} − 1) × {stride} + {pool} = {end}; {n} − {end} = {ans} are left.",
                        g.out
                    )
                },
            ]
        }
        Prompt::PoolChain { n, k } => {
            let a = n / 2;
            let b = a + 1 - k;
            vec![format!("{n} → ⌊{n} / 2⌋ = {a} → {a} − {k} + 1 = {b} → ⌊{b} / 2⌋ = {}", b / 2)]
        }
        Prompt::DropoutKept { units, rate } => {
            vec![format!("{units} × (1 − {}) = {ans}", num(lang, *rate))]
        }
        Prompt::DropoutScale { rate } => vec![format!("1 / (1 − {}) = {ans}", num(lang, *rate))],
        Prompt::DropoutInference { .. } => vec![tr(
            lang,
            "Keras applique le facteur 1 / (1 − p) pendant l’entraînement : à l’inférence, la couche laisse tout passer tel quel.",
            "Keras applies the factor 1 / (1 − p) during training: at inference the layer lets everything through unchanged.",
        )],
        Prompt::DropoutParams { inputs, units } => {
            vec![format!("{inputs} × {units} + {units} = {ans}")]
        }
        Prompt::LearnLoss { signal, kernel, target }
        | Prompt::LearnGradient { signal, kernel, target, .. }
        | Prompt::LearnUpdateSign { signal, kernel, target, .. } => {
            learn_solution(lang, e, signal, kernel, target, &ans)
        }
        Prompt::LearnPoolGradient { window } => {
            let cells: Vec<f64> = window.iter().flatten().copied().collect();
            let max = cells.iter().copied().fold(f64::MIN, f64::max);
            vec![
                if fr {
                    format!(
                        "Le max de la fenêtre vaut {} : c’est la seule case dont la valeur passe à la sortie.",
                        num(lang, max)
                    )
                } else {
                    format!(
                        "The window's max is {}: the only cell whose value reaches the output.",
                        num(lang, max)
                    )
                },
                if fr {
                    format!(
                        "Elle reçoit tout le gradient (1) : {ans} ; les trois autres reçoivent 0."
                    )
                } else {
                    format!(
                        "It receives the whole gradient (1): {ans}; the three others receive 0."
                    )
                },
            ]
        }
        Prompt::LenetParams { net, asked } | Prompt::LenetShape { net, asked } => {
            let plan = net.plan();
            let params = matches!(e.prompt, Prompt::LenetParams { .. });
            let mut lines = Vec::new();
            for (i, (l, row)) in net.layers.iter().zip(&plan.rows).enumerate().take(asked + 1) {
                let dims = row.output.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("×");
                let how = if params {
                    param_formula(lang, row).map(|f| format!(" · {f}")).unwrap_or_default()
                } else {
                    // Rows and columns: one formula when both are the same.
                    let mut axes: Vec<String> = row.axes.iter().map(axis_formula).collect();
                    axes.dedup();
                    if axes.is_empty() {
                        String::new()
                    } else {
                        format!(" · {}", axes.join(" | "))
                    }
                };
                lines.push(format!("{}. {} → {dims}{how}", i + 1, layer_name(lang, l)));
            }
            lines
        }
        Prompt::LenetBroken { nets } => {
            let mut lines = Vec::new();
            for (i, n) in nets.iter().enumerate() {
                let name = format!("{} {}", tr(lang, "Réseau", "Network"), net_letter(i));
                lines.push(match n.plan().failure {
                    Some(f) => {
                        let at = format!(
                            "{} {} ({})",
                            tr(lang, "couche n°", "layer no."),
                            f.index + 1,
                            layer_name(lang, &n.layers[f.index])
                        );
                        let shape =
                            f.input.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("×");
                        if fr {
                            format!(
                                "{name} casse à la {at}, qui reçoit {shape}\u{a0}: {}",
                                nn_error(lang, &f.error)
                            )
                        } else {
                            format!(
                                "{name} breaks at {at}, which receives {shape}: {}",
                                nn_error(lang, &f.error)
                            )
                        }
                    }
                    None => {
                        let p = integer(lang, n.plan().total_params as u64);
                        if fr {
                            format!("{name} se construit\u{a0}: {p} paramètres, 10 sorties.")
                        } else {
                            format!("{name} builds: {p} parameters, 10 outputs.")
                        }
                    }
                });
            }
            lines
        }
        Prompt::LenetConfusion { true_digit, predicted, .. } => vec![if fr {
            format!("Ligne {true_digit}, colonne {predicted} : {ans}.")
        } else {
            format!("Row {true_digit}, column {predicted}: {ans}.")
        }],
        Prompt::LenetMostConfused { confusion } => {
            let errs: Vec<String> = (0..10)
                .map(|d| format!("{d}: {}", confusion[d].iter().sum::<u32>() - confusion[d][d]))
                .collect();
            vec![
                format!(
                    "{} {}",
                    tr(lang, "Erreurs par chiffre :", "Mistakes per digit:"),
                    errs.join(" · ")
                ),
                format!("{} {ans}.", tr(lang, "Réponse :", "Answer:")),
            ]
        }
        Prompt::HistoryOrder { events } => {
            let mut ev = events.clone();
            ev.sort_by_key(|&e| year(e));
            vec![
                ev.iter()
                    .map(|&e| format!("{} ({})", event_title(lang, e), year(e)))
                    .collect::<Vec<_>>()
                    .join(" → "),
            ]
        }
        Prompt::HistoryYear { event } => vec![format!(
            "{}{} {}",
            event_title(lang, *event),
            if fr { " :" } else { ":" },
            year(*event)
        )],
        Prompt::HistoryFirst { a, b } | Prompt::HistoryGap { a, b } => {
            let (ya, yb) = (year(*a), year(*b));
            vec![format!(
                "{} ({ya}) · {} ({yb}) · {} {ans}",
                event_title(lang, *a),
                event_title(lang, *b),
                tr(lang, "Réponse :", "Answer:")
            )]
        }
    }
}

/// The worked solution of the tiny learning cases: the outputs, the errors, then the loss,
/// the gradient or the update's direction.
fn learn_solution(
    lang: Lang,
    e: &Exercise,
    signal: &[f64],
    kernel: &[f64],
    target: &[f64],
    ans: &str,
) -> Vec<String> {
    let fr = lang == Lang::Fr;
    let y: Vec<f64> =
        (0..target.len()).map(|i| kernel[0] * signal[i] + kernel[1] * signal[i + 1]).collect();
    let err: Vec<f64> = y.iter().zip(target).map(|(a, b)| a - b).collect();
    let n = target.len();
    let mut lines = vec![
        if fr {
            format!("Sorties yᵢ = w₀·xᵢ + w₁·xᵢ₊₁ : {}", list(lang, &y))
        } else {
            format!("Outputs yᵢ = w₀·xᵢ + w₁·xᵢ₊₁: {}", list(lang, &y))
        },
        if fr {
            format!("Écarts yᵢ − tᵢ : {}", list(lang, &err))
        } else {
            format!("Errors yᵢ − tᵢ: {}", list(lang, &err))
        },
    ];
    let grad_line = |k: usize| {
        let terms: Vec<String> = err
            .iter()
            .enumerate()
            .map(|(i, &d)| format!("{}×{}", term(lang, d), term(lang, signal[i + k])))
            .collect();
        let g =
            2.0 / n as f64 * err.iter().enumerate().map(|(i, &d)| d * signal[i + k]).sum::<f64>();
        (format!("∂L/∂w{} = (2/{n}) × [{}] = {}", sub(k), terms.join(" + "), num(lang, g)), g)
    };
    match &e.prompt {
        Prompt::LearnLoss { .. } => {
            let sq: Vec<String> = err.iter().map(|&d| format!("{}²", term(lang, d))).collect();
            lines.push(format!("L = ({}) / {n} = {ans}", sq.join(" + ")));
        }
        Prompt::LearnGradient { weight, .. } => lines.push(grad_line(*weight).0),
        Prompt::LearnUpdateSign { weight, rate, .. } => {
            let (line, g) = grad_line(*weight);
            lines.push(line);
            lines.push(if fr {
                format!(
                    "w{} ← w{} − {} × ({}) : le gradient est {}, donc le poids {}.",
                    sub(*weight),
                    sub(*weight),
                    num(lang, *rate),
                    num(lang, g),
                    if g > 0.0 { "positif" } else { "négatif" },
                    if g > 0.0 { "descend" } else { "monte" }
                )
            } else {
                format!(
                    "w{} ← w{} − {} × ({}): the gradient is {}, so the weight goes {}.",
                    sub(*weight),
                    sub(*weight),
                    num(lang, *rate),
                    num(lang, g),
                    if g > 0.0 { "positive" } else { "negative" },
                    if g > 0.0 { "down" } else { "up" }
                )
            });
        }
        _ => {}
    }
    lines
}

fn to_array(g: &[Vec<f64>]) -> ndarray::Array2<f64> {
    let (r, c) = (g.len(), g.first().map_or(0, Vec::len));
    ndarray::Array2::from_shape_vec((r, c), g.concat()).expect("rectangular grid")
}

fn size_line(lang: Lang, n: usize, k: usize, padding: Padding, stride: usize) -> String {
    let g = window::geometry(n, k, stride, padding).expect("generated geometry");
    let _ = lang;
    match padding {
        Padding::Valid => format!("⌊({n} − {k}) / {stride}⌋ + 1 = {}", g.out),
        Padding::Same => format!("⌈{n} / {stride}⌉ = {}", g.out),
    }
}
