//! The course's named kernels, with French and English names and a one-line description.

/// A named kernel the lessons offer (1D: `rows == 1`).
#[derive(Debug, Clone, PartialEq)]
pub struct NamedKernel {
    /// Stable identifier (for URLs, settings).
    pub id: &'static str,
    pub name_fr: &'static str,
    pub name_en: &'static str,
    pub description_fr: &'static str,
    pub description_en: &'static str,
    pub rows: usize,
    pub cols: usize,
    /// Row-major weights, `rows × cols`.
    pub weights: Vec<f64>,
    /// The weights as the course writes them (`1/4`, `-1`, …).
    pub labels: Vec<&'static str>,
}

impl NamedKernel {
    pub fn is_1d(&self) -> bool {
        self.rows == 1
    }
}

fn k(
    id: &'static str,
    names: (&'static str, &'static str),
    desc: (&'static str, &'static str),
    rows: usize,
    labels: &[&'static str],
) -> NamedKernel {
    let weights = labels
        .iter()
        .map(|l| match l.split_once('/') {
            Some((a, b)) => a.parse::<f64>().unwrap_or(0.0) / b.parse::<f64>().unwrap_or(1.0),
            None => l.parse().unwrap_or(0.0),
        })
        .collect::<Vec<_>>();
    NamedKernel {
        id,
        name_fr: names.0,
        name_en: names.1,
        description_fr: desc.0,
        description_en: desc.1,
        rows,
        cols: labels.len() / rows,
        weights,
        labels: labels.to_vec(),
    }
}

/// The 1D kernels of the course, in its order.
pub fn kernels_1d() -> Vec<NamedKernel> {
    vec![
        k(
            "mean2",
            ("Moyenne mobile sur 2 valeurs", "Moving average of 2"),
            (
                "Chaque sortie est la moyenne de deux voisins : le signal est lissé.",
                "Each output averages two neighbours: the signal is smoothed.",
            ),
            1,
            &["1/2", "1/2"],
        ),
        k(
            "mean3",
            ("Moyenne mobile sur 3 valeurs", "Moving average of 3"),
            (
                "Moyenne de trois voisins : lisse davantage qu'avec deux.",
                "Averages three neighbours: smoother than with two.",
            ),
            1,
            &["1/3", "1/3", "1/3"],
        ),
        k(
            "derivative",
            ("Dérivée", "Derivative"),
            (
                "Différence de deux voisins : grande là où le signal varie vite.",
                "Difference of two neighbours: large where the signal changes fast.",
            ),
            1,
            &["-1", "1"],
        ),
        k(
            "second_derivative",
            ("Dérivée seconde", "Second derivative"),
            (
                "Mesure la courbure : nulle sur une droite, forte sur un pic.",
                "Measures curvature: zero on a straight line, strong on a peak.",
            ),
            1,
            &["1", "-2", "1"],
        ),
        k(
            "gaussian",
            ("Filtre gaussien", "Gaussian filter"),
            (
                "Moyenne pondérée qui privilégie le centre : lisse sans trop étaler.",
                "A weighted average favouring the centre: smooths without blurring much.",
            ),
            1,
            &["1/4", "1/2", "1/4"],
        ),
    ]
}

/// The 2D kernels of the course, in its order.
pub fn kernels_2d() -> Vec<NamedKernel> {
    vec![
        k(
            "mean2x2",
            ("Moyenne sur 4 pixels", "2×2 mean"),
            (
                "Moyenne d'un carré de 4 pixels : l'image est adoucie.",
                "Averages a 2×2 square of pixels: the image is softened.",
            ),
            2,
            &["1/4", "1/4", "1/4", "1/4"],
        ),
        k(
            "dx",
            ("Dérivée en x", "x-derivative"),
            (
                "Répond aux bords verticaux : là où l'intensité change de gauche à droite.",
                "Responds to vertical edges: where brightness changes left to right.",
            ),
            2,
            &["-1", "1", "-1", "1"],
        ),
        k(
            "dy",
            ("Dérivée en y", "y-derivative"),
            (
                "Répond aux bords horizontaux : là où l'intensité change de haut en bas.",
                "Responds to horizontal edges: where brightness changes top to bottom.",
            ),
            2,
            &["-1", "-1", "1", "1"],
        ),
        k(
            "laplacian",
            ("Opérateur laplacien", "Laplacian"),
            (
                "Nul sur les zones uniformes, fort sur les contours et les points isolés.",
                "Zero on flat areas, strong on outlines and isolated dots.",
            ),
            3,
            &["0", "1", "0", "1", "-4", "1", "0", "1", "0"],
        ),
        k(
            "gaussian",
            ("Filtre gaussien", "Gaussian filter"),
            (
                "Flou doux qui donne plus de poids au pixel central.",
                "A gentle blur giving more weight to the centre pixel.",
            ),
            3,
            &["0", "1/8", "0", "1/8", "1/2", "1/8", "0", "1/8", "0"],
        ),
    ]
}

/// A kernel by dimension (1 or 2) and id.
pub fn find(dims: usize, id: &str) -> Option<NamedKernel> {
    let list = if dims == 1 { kernels_1d() } else { kernels_2d() };
    list.into_iter().find(|k| k.id == id)
}
