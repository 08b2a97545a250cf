//! One browser session of a test: the static server on a dist/, ChromeDriver, a fresh
//! profile and the WebDriver client, opened together and closed together.

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use fantoccini::Client;
use serde_json::{Value, json};

use super::base::{Res, SUB, dist_dir, tempdir};
use super::driver::{
    Driver, cdp, console_log, network_log, open_browser, open_browser_with, start_driver,
};
use super::server::{Server, start_server};

pub struct Browser {
    /// The WebDriver client: what the test drives.
    pub c: Client,
    pub server: Server,
    pub driver: Driver,
    /// The browser's profile folder (`tempdir(tag)`), also a scratch place for the test's files.
    pub profile: PathBuf,
}

impl Browser {
    /// The release dist/ served, ChromeDriver started, a session on a fresh profile named
    /// after `tag`.
    pub async fn open(tag: &str) -> Res<Browser> {
        Self::open_on(dist_dir()?, tag).await
    }

    /// The same, at `w`×`h`, on `#route`, once its heading reads `h1`.
    pub async fn open_at(tag: &str, (w, h): (u32, u32), route: &str, h1: &str) -> Res<Browser> {
        let b = Self::open(tag).await?;
        super::page::viewport(&b.c, w, h).await?;
        b.c.goto(&format!("{}{route}", b.base())).await?;
        super::page::wait_text(&b.c, "h1", h1).await?;
        Ok(b)
    }

    /// The same on another folder than the release dist/ (a copy with files missing).
    pub async fn open_on(dist: PathBuf, tag: &str) -> Res<Browser> {
        let server = start_server(dist);
        let driver = start_driver()?;
        Self::connect(server, driver, tag).await
    }

    /// A new session on a ChromeDriver already running (see `close_keeping_driver`), with a
    /// server of its own on `dist`.
    pub async fn open_with(driver: Driver, dist: PathBuf, tag: &str) -> Res<Browser> {
        let server = start_server(dist);
        Self::connect(server, driver, tag).await
    }

    /// `open`, with the page's network events kept for `network_log`.
    pub async fn open_logging_network(tag: &str) -> Res<Browser> {
        let server = start_server(dist_dir()?);
        let driver = start_driver()?;
        let profile = tempdir(tag);
        let c = open_browser_with(&driver, &profile, true).await?;
        Ok(Browser { c, server, driver, profile })
    }

    async fn connect(server: Server, driver: Driver, tag: &str) -> Res<Browser> {
        let profile = tempdir(tag);
        let c = open_browser(&driver, &profile).await?;
        Ok(Browser { c, server, driver, profile })
    }

    /// The page's DevTools events since the last call (a session from `open_logging_network`).
    pub async fn network_log(&self) -> Res<Vec<Value>> {
        network_log(&self.driver, &self.session().await?)
    }

    /// `http://127.0.0.1:<port>`: the server's root.
    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.server.port)
    }

    /// The app under the sub-path, as a school would serve it: `<origin>/convolab/`.
    pub fn base(&self) -> String {
        format!("{}{SUB}", self.origin())
    }

    /// Every path the server was asked for so far.
    pub fn asked(&self) -> Vec<String> {
        self.server.log.lock().unwrap().clone()
    }

    /// From now on the server answers nothing: the network is down.
    pub fn cut_network(&self) {
        self.server.offline.store(true, Ordering::SeqCst);
    }

    pub async fn session(&self) -> Res<String> {
        Ok(self.c.session_id().await?.ok_or("no session id")?)
    }

    /// The browser console since the last call.
    pub async fn console_log(&self) -> Res<Vec<(String, String)>> {
        console_log(&self.driver, &self.session().await?)
    }

    /// A Chrome DevTools Protocol command on the page.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Res<Value> {
        cdp(&self.driver, &self.session().await?, cmd, params)
    }

    /// The page shown on a touch screen of `w`×`h` CSS px (pixel ratio 2; up to 1024 px wide
    /// laid out as a mobile browser does: a phone or a tablet) with a coarse pointer and touch
    /// events. The option the phone tests add; every other test keeps the laptop window.
    pub async fn touch_screen(&self, w: u32, h: u32) -> Res {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": w, "height": h, "deviceScaleFactor": 2, "mobile": w <= 1024 }),
        )
        .await?;
        self.cdp(
            "Emulation.setTouchEmulationEnabled",
            json!({ "enabled": true, "maxTouchPoints": 5 }),
        )
        .await?;
        self.cdp(
            "Emulation.setEmitTouchEventsForMouse",
            json!({ "enabled": true, "configuration": "mobile" }),
        )
        .await?;
        Ok(())
    }

    /// A finger on the screen (CDP touch events, at viewport CSS px): down at the first point,
    /// sliding through the others in small moves, lifted; one point is a tap. ChromeDriver's
    /// own touch actions land off by the page's scroll under mobile emulation.
    pub async fn finger(&self, points: &[(f64, f64)]) -> Res {
        let at = |(x, y): (f64, f64)| json!([{ "x": x, "y": y, "radiusX": 4, "radiusY": 4 }]);
        let first = *points.first().ok_or("a finger needs a point")?;
        self.cdp(
            "Input.dispatchTouchEvent",
            json!({ "type": "touchStart", "touchPoints": at(first) }),
        )
        .await?;
        let mut prev = first;
        for &p in &points[1..] {
            for i in 1..=4 {
                let t = i as f64 / 4.0;
                let q = (prev.0 + (p.0 - prev.0) * t, prev.1 + (p.1 - prev.1) * t);
                self.cdp(
                    "Input.dispatchTouchEvent",
                    json!({ "type": "touchMove", "touchPoints": at(q) }),
                )
                .await?;
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
            prev = p;
        }
        self.cdp("Input.dispatchTouchEvent", json!({ "type": "touchEnd", "touchPoints": [] }))
            .await?;
        tokio::time::sleep(std::time::Duration::from_millis(120)).await;
        Ok(())
    }

    /// `finger` on the element `css`: `points` are offsets from its centre as shown (the
    /// element is scrolled into view first if it is not on screen).
    pub async fn finger_on(&self, css: &str, points: &[(f64, f64)]) -> Res {
        let r = super::page::js(
            &self.c,
            &format!(
                "const e = document.querySelector({}); let r = e.getBoundingClientRect();
                 if (r.bottom > innerHeight || r.top < 0) {{ e.scrollIntoView({{ block: 'center' }}); r = e.getBoundingClientRect(); }}
                 return [r.left + r.width / 2, r.top + r.height / 2]",
                json!(css)
            ),
        )
        .await?;
        let (cx, cy) = (r[0].as_f64().ok_or("no element")?, r[1].as_f64().ok_or("no element")?);
        let pts: Vec<(f64, f64)> = points.iter().map(|&(x, y)| (cx + x, cy + y)).collect();
        self.finger(&pts).await
    }

    /// A finger's tap at the centre of the element `css`.
    pub async fn tap(&self, css: &str) -> Res {
        self.finger_on(css, &[(0.0, 0.0)]).await
    }

    /// Ends the session; ChromeDriver stops when the browser is dropped.
    pub async fn close(self) -> Res {
        self.c.close().await?;
        Ok(())
    }

    /// Ends the session but keeps ChromeDriver running, for a second session
    /// (`Browser::open_with`).
    pub async fn close_keeping_driver(self) -> Res<Driver> {
        self.c.close().await?;
        Ok(self.driver)
    }
}
