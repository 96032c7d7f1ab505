// The review queue: shows the most valuable image, sends each decision to /v1/labels at once, and moves on
// when every shown label has an answer (or on skip). Keyboard first: see the footer of index.html.
'use strict';

const SOURCE = 'review-ui';
const state = {
  items: [],        // fetched, not yet shown, best first
  item: null,       // on screen
  focus: 0,         // index of the focused label row
  handled: [],      // ids done or skipped in this session, sent as exclude
  undo: [],         // labels decided on this item, newest last
  pending: new Set(),
  imageUrl: null,
  suggestions: [],
  active: -1,
  vocabulary: null, // source of the last vocabulary answer
  advancing: false,
};

const $ = (id) => document.getElementById(id);

function exclude() {
  const ids = state.handled.slice(-400);
  if (state.item) ids.push(state.item.id);
  return ids.join(',');
}

async function fetchItems() {
  const q = await Api.get('/v1/review/queue?limit=5&exclude=' + encodeURIComponent(exclude()));
  state.items = q.items.filter((i) => !state.handled.includes(i.id) && (!state.item || i.id !== state.item.id));
  return q;
}

async function next() {
  if (state.item) state.handled.push(state.item.id);
  state.item = null;
  state.advancing = false;
  try {
    if (state.items.length === 0) await fetchItems();
  } catch (e) {
    sayFailure('Cannot load the queue', e);
    return;
  }
  show(state.items.shift() || null);
  if (state.item && state.items.length < 2) fetchItems().catch(() => { /* the next next() retries */ });
}

function show(item) {
  state.item = item;
  state.undo = [];
  $('review').hidden = !item;
  $('empty').hidden = !!item;
  if (!item) {
    document.title = 'Review · tagstream';
    return;
  }
  document.title = item.id + ' · Review · tagstream';
  $('item-id').textContent = item.id;
  $('item-model').textContent = 'model ' + item.modelVersion;
  $('item-value').textContent = 'value ' + fixed(item.value);
  const why = item.labels.filter((l) => !l.decision).sort((a, b) => b.value - a.value)[0];
  $('item-why').textContent = why ? 'Chosen for ' + why.label + ': ' + fixed(why.probability)
    + ' against a threshold of ' + fixed(why.threshold) + (why.doubt > 0 ? ' (a shared fallback, not calibrated on this label)' : '') : '';
  $('remaining').textContent = state.items.length ? state.items.length + ' more queued' : '';
  showImage(item);
  state.focus = Math.max(0, item.labels.findIndex((l) => !l.decision));
  renderLabels();
  renderKnown();
}

async function showImage(item) {
  const img = $('image');
  if (state.imageUrl) URL.revokeObjectURL(state.imageUrl);
  state.imageUrl = null;
  img.removeAttribute('src');
  $('caption').textContent = item.uri;
  if (!item.image) {
    $('caption').textContent = item.uri + ' (no preview: unsupported scheme)';
    return;
  }
  if (!item.image.startsWith('/')) {
    img.src = item.image; // http(s): the browser loads it; the server never fetches URLs
    return;
  }
  try {
    const blob = await Api.blob(item.image);
    if (state.item !== item) return;
    state.imageUrl = URL.createObjectURL(blob);
    img.src = state.imageUrl;
  } catch (e) {
    if (state.item === item) $('caption').textContent = item.uri + ' (' + e.message + ')';
  }
}

function renderLabels() {
  const list = $('labels');
  list.replaceChildren();
  state.item.labels.forEach((l, i) => {
    const fill = el('span', { class: 'fill' });
    fill.style.width = (100 * l.probability) + '%';
    const thr = el('span', { class: 'thr', title: 'threshold ' + fixed(l.threshold) });
    thr.style.left = (100 * l.threshold) + '%';
    const row = el('li', {
      id: 'label-' + i, role: 'option', 'aria-selected': String(i === state.focus),
      class: 'label' + (i === state.focus ? ' focus' : '') + (l.decision ? ' ' + l.decision : ''),
      'data-label': l.label, onclick: () => { state.focus = i; renderLabels(); },
    },
    el('span', { class: 'name' }, el('span', { class: 'text', text: l.label }),
      l.predicted ? null : el('small', { text: 'below threshold' })),
    el('span', { class: 'meter', title: 'probability ' + fixed(l.probability, 3) + ', threshold ' + fixed(l.threshold, 3) }, fill, thr),
    el('span', { class: 'prob', text: fixed(l.probability) }),
    el('span', { class: 'buttons' },
      el('button', { type: 'button', class: 'yes', title: 'confirm (y)', 'aria-label': 'confirm ' + l.label,
        'aria-pressed': String(l.decision === 'positive'), onclick: (e) => { e.stopPropagation(); decide(i, 'positive'); } }, '✓'),
      el('button', { type: 'button', class: 'no', title: 'reject (n)', 'aria-label': 'reject ' + l.label,
        'aria-pressed': String(l.decision === 'negative'), onclick: (e) => { e.stopPropagation(); decide(i, 'negative'); } }, '✗')));
    list.append(row);
  });
  list.setAttribute('aria-activedescendant', 'label-' + state.focus);
}

function renderKnown() {
  const known = $('known');
  known.replaceChildren();
  const k = state.item.known;
  k.positives.forEach((p) => known.append(el('li', { class: 'chip positive', title: 'confirmed present' }, '✓ ' + p)));
  k.negatives.forEach((n) => known.append(el('li', { class: 'chip negative', title: 'confirmed absent' }, '✗ ' + n)));
  if (!k.positives.length && !k.negatives.length) known.append(el('li', { class: 'muted', text: 'none yet' }));
}

/** Sends one decision; the row shows it once Kafka has stored it. */
async function send(label, decision) {
  const item = state.item;
  const key = item.id + '\u0000' + label;
  if (state.pending.has(key)) return false;
  state.pending.add(key);
  try {
    await Api.post('/v1/labels', { id: item.id, label, state: decision, source: SOURCE });
    return true;
  } catch (e) {
    sayFailure('Not saved (' + label + ')', e);
    return false;
  } finally {
    state.pending.delete(key);
  }
}

function know(item, label, decision) {
  const k = item.known;
  k.positives = k.positives.filter((x) => x !== label);
  k.negatives = k.negatives.filter((x) => x !== label);
  if (decision === 'positive') k.positives.push(label);
  if (decision === 'negative') k.negatives.push(label);
  k.positives.sort();
  k.negatives.sort();
  const shown = item.labels.find((l) => l.label === label);
  if (shown) shown.decision = decision === 'retract' ? null : decision;
}

async function decide(i, decision) {
  const item = state.item;
  if (!item || state.advancing) return;
  const label = item.labels[i].label;
  if (!(await send(label, decision))) return;
  if (state.item !== item) return;
  know(item, label, decision);
  state.undo.push(label);
  say((decision === 'positive' ? '✓ confirmed ' : '✗ rejected ') + label, 'ok');
  const open = item.labels.findIndex((l, j) => !l.decision && j > i);
  const any = item.labels.findIndex((l) => !l.decision);
  state.focus = open >= 0 ? open : any >= 0 ? any : i;
  renderLabels();
  renderKnown();
  if (any < 0) advanceSoon();
}

function advanceSoon() {
  state.advancing = true;
  setTimeout(next, 350); // long enough to see the last answer land
}

async function addLabel(label) {
  const item = state.item;
  if (!item || !label) return;
  if (!(await send(label, 'positive'))) return;
  know(item, label, 'positive');
  state.undo.push(label);
  closeSuggestions();
  $('add').value = '';
  $('add').blur();
  say('✓ added ' + label, 'ok');
  renderLabels();
  renderKnown();
}

// Adds a label to the vocabulary (POST /v1/vocabulary, no parents), then confirms it on this image.
async function newLabel(name) {
  try {
    await Api.post('/v1/vocabulary', { name, source: 'review' });
  } catch (e) {
    const rejected = e.body && e.body.rejected; // 400: the name or the vocabulary said no
    if (rejected && rejected.length) say(rejected[0].errors.map((x) => x.message).join('; '), 'error');
    else sayFailure('Cannot add label ' + name, e);
    return;
  }
  await addLabel(name);
}

async function undo() {
  const item = state.item;
  const label = state.undo.pop();
  if (!item || !label) {
    say('Nothing to undo on this image');
    return;
  }
  if (!(await send(label, 'retract'))) return;
  know(item, label, 'retract');
  say('↶ ' + label + ' is unknown again', 'ok');
  renderLabels();
  renderKnown();
}

function move(delta) {
  if (!state.item || !state.item.labels.length) return;
  const n = state.item.labels.length;
  state.focus = (state.focus + delta + n) % n;
  renderLabels();
  $('label-' + state.focus).scrollIntoView({ block: 'nearest' });
}

// --- type-ahead ---

let searchTimer = null;

function onAddInput() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(search, 120);
}

async function search() {
  const prefix = $('add').value;
  try {
    const v = await Api.get('/v1/vocabulary?limit=8&prefix=' + encodeURIComponent(prefix));
    if ($('add').value !== prefix) return; // typed on meanwhile
    state.vocabulary = v.source;
    state.suggestions = v.labels.map((l) => l.name);
    state.active = state.suggestions.length && prefix ? 0 : -1;
    renderSuggestions();
  } catch (e) {
    sayFailure('Cannot search labels', e);
  }
}

// The last option offers to add what was typed as a new label when no suggestion is exactly it.
const NEW_LABEL = '\u0000new';

function renderSuggestions() {
  const ul = $('suggestions');
  ul.replaceChildren();
  const typed = $('add').value.trim();
  if (typed && state.vocabulary !== 'none' && state.suggestions[state.suggestions.length - 1] !== NEW_LABEL
      && !state.suggestions.some((s) => s.toLowerCase() === typed.toLowerCase())) {
    state.suggestions.push(NEW_LABEL);
  }
  state.suggestions.forEach((name, i) => {
    const fresh = name === NEW_LABEL;
    ul.append(el('li', {
      id: 'suggestion-' + i, role: 'option', class: i === state.active ? 'active' : '',
      'aria-selected': String(i === state.active),
      onmousedown: (e) => { e.preventDefault(); fresh ? newLabel(typed) : addLabel(name); },
    }, fresh ? 'new label “' + typed + '”…' : name));
  });
  const open = state.suggestions.length > 0;
  ul.hidden = !open;
  $('add').setAttribute('aria-expanded', String(open));
  if (state.active >= 0) $('add').setAttribute('aria-activedescendant', 'suggestion-' + state.active);
  else $('add').removeAttribute('aria-activedescendant');
}

function closeSuggestions() {
  state.suggestions = [];
  state.active = -1;
  renderSuggestions();
}

function onAddKey(e) {
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    const n = state.suggestions.length;
    if (n) state.active = (state.active + (e.key === 'ArrowDown' ? 1 : -1) + n) % n;
    renderSuggestions();
  } else if (e.key === 'Enter') {
    e.preventDefault();
    const typed = $('add').value.trim();
    const exact = state.suggestions.find((s) => s.toLowerCase() === typed.toLowerCase());
    const pick = state.active >= 0 ? state.suggestions[state.active] : exact;
    if (pick === NEW_LABEL) newLabel(typed);
    else if (pick) addLabel(pick);
    else if (typed && state.vocabulary === 'none') addLabel(typed); // no vocabulary: the server checks syntax
    else if (typed) say('Pick one of the suggested labels', 'error');
  } else if (e.key === 'Escape') {
    closeSuggestions();
    $('add').blur();
  }
}

// --- keys ---

function onKey(e) {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const t = e.target;
  if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA')) return;
  if (!state.item || state.advancing) return;
  const k = e.key;
  const act = {
    j: () => move(1), ArrowDown: () => move(1), k: () => move(-1), ArrowUp: () => move(-1),
    y: () => decide(state.focus, 'positive'), 1: () => decide(state.focus, 'positive'),
    n: () => decide(state.focus, 'negative'), 0: () => decide(state.focus, 'negative'),
    a: () => $('add').focus(), s: () => next(), ' ': () => next(), u: () => undo(),
  }[k];
  if (act) {
    e.preventDefault();
    act();
  }
}

function start() {
  state.items = [];
  state.handled = [];
  state.item = null;
  say('');
  next();
}

document.addEventListener('keydown', onKey);
$('add').addEventListener('input', onAddInput);
$('add').addEventListener('keydown', onAddKey);
$('add').addEventListener('focus', () => { if (!$('add').value) search(); });
$('add').addEventListener('blur', () => setTimeout(closeSuggestions, 100));
$('skip').addEventListener('click', () => { if (!state.advancing) next(); });
$('undo').addEventListener('click', () => undo());
$('retry').addEventListener('click', () => next());
$('image').addEventListener('error', () => {
  if (state.item && $('image').getAttribute('src')) $('caption').textContent = state.item.uri + ' (the image did not load)';
});
setInterval(() => { if (!state.item && !$('empty').hidden) next(); }, 5000);
Api.tokenForm(start);
start();
