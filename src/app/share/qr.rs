//! A link as a QR code: the dark modules as one SVG path.

use qrcode::{EcLevel, QrCode};

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
