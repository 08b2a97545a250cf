//! The core commands' `--name value` options (summary, train, bench, data).

/// `--name value` options; flags without a value are refused with a clear message.
pub(crate) struct Args {
    pairs: Vec<(String, String)>,
}

impl Args {
    pub(crate) fn parse(args: &[String], known: &[&str]) -> Result<Self, String> {
        let mut pairs = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let Some(name) = a.strip_prefix("--") else {
                return Err(format!("unexpected argument `{a}`"));
            };
            if !known.contains(&name) {
                return Err(format!("unknown option `{a}` (known: --{})", known.join(", --")));
            }
            let v = it.next().ok_or_else(|| format!("`{a}` needs a value"))?;
            pairs.push((name.to_string(), v.clone()));
        }
        Ok(Args { pairs })
    }

    pub(crate) fn get<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T, String> {
        match self.pairs.iter().rev().find(|(n, _)| n == name) {
            Some((_, v)) => v.parse().map_err(|_| format!("bad value `{v}` for --{name}")),
            None => Ok(default),
        }
    }

    pub(crate) fn opt(&self, name: &str) -> Option<&str> {
        self.pairs.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}
