//! One browser session of a test: the static server on a dist/, ChromeDriver, a fresh
//! profile and the WebDriver client, opened together and closed together.

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use fantoccini::Client;
use serde_json::Value;

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
