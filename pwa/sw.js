// Convolab's service worker: after one visit the whole app works with the network cut.
// Hand-written JavaScript (about 60 lines) rather than Rust: a worker in wasm would have to
// load its own module before it could answer the first fetch, and this logic is small.
//
// `cargo xtask pwa` (a trunk post-build hook) fills VERSION (a hash of dist/) and FILES (every
// file of dist/) in the built copy. A new deployment changes VERSION, so the browser installs
// the new worker, which caches the new files and deletes the old cache when it takes over.
// Dev builds (`trunk serve`) get a worker that removes itself, so no stale cache ever hides a
// change during development.
const VERSION = "__CONVOLAB_VERSION__";
const FILES = ["__CONVOLAB_FILES__"];
const CACHE = "convolab-" + VERSION;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // cache: "reload" so that a stale HTTP cache never fills the new version. The header
      // tells a server (and the end-to-end tests) that the cache asked, not a page.
      .then((cache) =>
        cache.addAll(FILES.map((f) => new Request(f, { cache: "reload", headers: { "X-Convolab-Precache": VERSION } })))
      )
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("convolab-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const head = request.method === "HEAD";
  if ((request.method !== "GET" && !head) || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  // HEAD (the app checks that worker.js exists before starting it): the cached file's
  // status and headers, without its body.
  if (head) {
    event.respondWith(
      caches
        .open(CACHE)
        .then((cache) => cache.match(request.url, { ignoreSearch: true }))
        .then((hit) => (hit ? new Response(null, { status: hit.status, headers: hit.headers }) : fetch(request)))
    );
    return;
  }
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      const hit = await cache.match(request, { ignoreSearch: true });
      if (hit) {
        return hit;
      }
      try {
        return await fetch(request);
      } catch (error) {
        // Offline: a page of the app (any route lives after '#') is its index.html.
        if (request.mode === "navigate") {
          const index = await cache.match("./index.html");
          if (index) {
            return index;
          }
        }
        throw error;
      }
    })
  );
});
