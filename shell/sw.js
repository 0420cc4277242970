// sw.js — the service worker: keeps this version of the app shell (HTML, scripts, wasm,
// font, manifest, icons) in a cache named after the version, so that after one visit the
// workstation starts and works with the network off. scripts/stage_web.py fills in the
// version (a hash of every file) and the file list.
//
// A new version installs in the background and then waits: the page is told, and the user
// chooses when to reload (the app never reloads in the middle of an edit). Data never passes
// through here: it lives in IndexedDB.
'use strict';

const VERSION = '{{version}}';
const FILES = {{files}};
const CACHE = `kefu-shell-${VERSION}`;

self.addEventListener('install', (event) => {
  // Everything or nothing: a half-cached version must never serve the shell.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys())
      if (key.startsWith('kefu-shell-') && key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
  else if (event.data === 'version' && event.source) event.source.postMessage({ kefuVersion: VERSION });
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === 'navigate') {
    // Any address of the app (with its query, e.g. a bookmarked mode) opens this version's page.
    event.respondWith((async () => {
      const cache = await caches.open(CACHE);
      const page = await cache.match('./');
      if (page) return page;
      return fetch(req);
    })());
    return;
  }
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(req);
    return hit || fetch(req);
  })());
});
