// Shared by the review pages: calls to the ingest API with the optional bearer token (kept in sessionStorage),
// the token field, the status line and a tiny element builder. No libraries, nothing loaded from elsewhere.
'use strict';

const Api = (() => {
  const KEY = 'tagstream.token';

  class ApiError extends Error {
    constructor(status, body) {
      super(body && body.message ? body.message : 'HTTP ' + status);
      this.status = status;
      this.body = body;
    }
  }

  function token() {
    return sessionStorage.getItem(KEY) || '';
  }

  function headers(extra) {
    const h = Object.assign({}, extra);
    if (token()) h.Authorization = 'Bearer ' + token();
    return h;
  }

  async function request(method, path, body) {
    const res = await fetch(path, {
      method,
      cache: 'no-store',
      headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let json = null;
    try { json = await res.json(); } catch (notJson) { /* an empty or non-JSON body */ }
    if (!res.ok) throw new ApiError(res.status, json);
    return json;
  }

  async function text(path) {
    const res = await fetch(path, { cache: 'no-store', headers: headers({}) });
    if (!res.ok) {
      let json = null;
      try { json = await res.json(); } catch (notJson) { /* ignore */ }
      throw new ApiError(res.status, json);
    }
    return res.text();
  }

  async function blob(path) {
    const res = await fetch(path, { headers: headers({}) });
    if (!res.ok) {
      let json = null;
      try { json = await res.json(); } catch (notJson) { /* ignore */ }
      throw new ApiError(res.status, json);
    }
    return res.blob();
  }

  /** Wires the token field: shows whether one is set, stores a new one and calls onChange. */
  function tokenForm(onChange) {
    const form = document.getElementById('token-form');
    const input = document.getElementById('token');
    input.value = token();
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const t = input.value.trim();
      if (t) sessionStorage.setItem(KEY, t); else sessionStorage.removeItem(KEY);
      input.blur();
      onChange();
    });
  }

  return {
    get: (p) => request('GET', p),
    post: (p, b) => request('POST', p, b),
    text, blob, token, tokenForm, ApiError,
  };
})();

/** Shows a message in the status line; kind: '', 'ok' or 'error'. */
function say(message, kind) {
  const s = document.getElementById('status');
  s.textContent = message;
  s.className = 'status' + (kind ? ' ' + kind : '');
}

/** Explains an API failure, pointing at the token field when the server wants one. */
function sayFailure(what, e) {
  if (e instanceof Api.ApiError && e.status === 401) {
    say('The server needs a bearer token: enter it above. (' + e.message + ')', 'error');
    document.getElementById('token').focus();
  } else {
    say(what + ': ' + e.message, 'error');
  }
}

/** el('li', {class: 'x', text: 'y'}, child...) */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

function fixed(x, digits) {
  return Number(x).toFixed(digits === undefined ? 2 : digits);
}
