// Development build (`trunk serve`): no offline cache. This worker replaces any release worker
// this origin had, deletes its caches and unregisters, so that every reload shows fresh code.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("convolab-")).map((k) => caches.delete(k))))
      .then(() => self.registration.unregister())
  );
});
