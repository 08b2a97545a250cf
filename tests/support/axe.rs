//! The accessibility audit: axe-core run in the page, its violations read back.

use fantoccini::Client;
use serde_json::Value;

use super::base::{Res, root};
use super::page::js;

/// One axe-core rule broken on the page: its id, impact and how many elements break it.
#[derive(Debug)]
pub struct Violation {
    pub id: String,
    pub impact: String,
    pub nodes: usize,
    pub example: String,
}

/// Runs axe-core (installed by `cargo xtask setup --browser` under target/test-tools, never
/// shipped) on the page as it is now, and returns its violations.
pub async fn axe_audit(c: &Client) -> Res<Vec<Violation>> {
    let path = root().join("target/test-tools/node_modules/axe-core/axe.min.js");
    let src = std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: {e} (run `cargo xtask setup --browser`)", path.display()))?;
    if js(c, "return typeof window.axe").await? != Value::String("object".into()) {
        c.execute(&src, vec![]).await?;
    }
    let out = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
                .then(r => done(JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact || '', nodes: v.nodes.length, example: (v.nodes[0] && v.nodes[0].target.join(' ')) || '' })))))
                .catch(e => done(JSON.stringify({ error: String(e) })));",
            vec![],
        )
        .await?;
    let text = out.as_str().ok_or("axe returned no text")?;
    let v: Value = serde_json::from_str(text)?;
    if let Some(e) = v.get("error") {
        return Err(format!("axe failed: {e}").into());
    }
    Ok(v.as_array()
        .ok_or("axe: not a list")?
        .iter()
        .map(|x| Violation {
            id: x["id"].as_str().unwrap_or("").into(),
            impact: x["impact"].as_str().unwrap_or("").into(),
            nodes: x["nodes"].as_u64().unwrap_or(0) as usize,
            example: x["example"].as_str().unwrap_or("").into(),
        })
        .collect())
}
