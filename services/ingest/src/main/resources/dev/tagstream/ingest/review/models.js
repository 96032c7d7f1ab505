// The models page: every announced version with its status, metrics and evaluation report (shown in a
// sandboxed frame, fetched with the token like every other call), and a label's history (#label=NAME links to it).
'use strict';

const STATUS = { promoted: 'promoted', rejected: 'rejected', rolled_back: 'rolled back', candidate: 'candidate (shadow)' };

// The newest shadowed candidate beside the model it is measured against: held-out and online figures.
function comparison(c) {
  const box = document.getElementById('comparison');
  if (!c) {
    box.hidden = true;
    return;
  }
  const t = el('table', { class: 'metrics compare' },
    el('tr', {}, el('th', { text: '' }), el('th', { scope: 'col', text: 'candidate ' + c.candidate }),
      el('th', { scope: 'col', text: 'current' + (c.current ? ' ' + c.current : '') })));
  c.rows.forEach((r) => t.append(el('tr', {}, el('th', { scope: 'row', text: r.metric }),
    el('td', { text: r.candidate == null ? '—' : fixed(r.candidate, 4) }),
    el('td', { text: r.current == null ? '—' : fixed(r.current, 4) }))));
  const verdict = c.status === 'candidate'
    ? 'in shadow: online figures arrive with the trainer\'s verdict'
    : 'after ' + c.judged + ' confirmations judged both models on the same images';
  box.replaceChildren(el('h2', { text: 'Candidate against current' }),
    el('p', { class: 'muted' }, el('span', { class: 'badge ' + c.status, text: STATUS[c.status] || c.status }), ' ' + verdict), t);
  box.hidden = false;
}

function metricsTable(metrics) {
  const keys = Object.keys(metrics || {}).sort();
  if (!keys.length) return el('p', { class: 'muted', text: 'none recorded' });
  const t = el('table', { class: 'metrics' });
  keys.forEach((k) => t.append(el('tr', {}, el('th', { scope: 'row', text: k }), el('td', { text: fixed(metrics[k], 4) }))));
  return t;
}

function card(r) {
  const frame = el('div', { class: 'report', hidden: true });
  const toggle = el('button', { type: 'button', 'aria-expanded': 'false' }, 'Evaluation report');
  toggle.addEventListener('click', async () => {
    const open = toggle.getAttribute('aria-expanded') === 'true';
    toggle.setAttribute('aria-expanded', String(!open));
    frame.hidden = open;
    if (open || frame.firstChild) return;
    try {
      const html = await Api.text(r.report);
      const iframe = el('iframe', { title: 'evaluation report of ' + r.version, sandbox: '' });
      iframe.srcdoc = html;
      frame.append(iframe);
    } catch (e) {
      frame.append(el('p', { class: 'error', text: e.message }));
    }
  });
  const a = r.artifact || {};
  return el('article', { class: 'release' + (r.current ? ' current' : ''), id: 'release-' + r.name + '-' + r.version },
    el('header', {},
      el('h2', {}, r.version, el('small', { text: ' ' + r.name })),
      el('span', { class: 'badge ' + r.status, text: STATUS[r.status] || r.status }),
      r.current ? el('span', { class: 'badge current', text: 'current' }) : null),
    el('p', { class: 'muted' },
      'announced ' + new Date(r.announcedAt).toLocaleString() + (r.parent ? ' · parent ' + r.parent : '')),
    r.reason ? el('p', { class: 'reason', text: r.reason }) : null,
    el('div', { class: 'columns' },
      el('section', {}, el('h3', { text: 'Gate metrics' }), metricsTable(r.metrics)),
      el('section', {}, el('h3', { text: 'Validation (model.json)' }),
        a.readable ? metricsTable(a.metrics) : el('p', { class: 'muted', text: a.problem || 'artifact not readable' }),
        a.readable ? el('p', { class: 'muted', text: a.labels + ' labels, ' + a.fallbackThresholds + ' on the fallback threshold' }) : null)),
    toggle, frame);
}

function cell(x, digits) {
  return el('td', { text: x === null || x === undefined ? '—' : (digits === undefined ? String(x) : fixed(x, digits)) });
}

function row(values, header) {
  return el('tr', {}, ...values.map((v) => (header ? el('th', { scope: 'col', text: v }) : v)));
}

// One label's history (GET /v1/labels/{name}): counts, per version, online.
function labelHistory(h) {
  const o = h.observed;
  const starving = o.bin === '0' || o.bin === '1-2';
  const versions = el('table', { class: 'metrics versions' },
    row(['version', 'status', 'in label set', 'threshold', 'train +', 'train −', 'validation +', 'AP'], true),
    ...h.versions.map((v) => row([
      el('td', { text: v.version + (v.current ? ' (current)' : '') }),
      cell(STATUS[v.status] || v.status),
      cell(v.readable ? (v.inLabelSet ? 'yes' : 'no') : 'unreadable'),
      cell(v.threshold, 3),
      cell(v.trainPositives), cell(v.trainNegatives), cell(v.validationPositives),
      cell(v.ap, 3)])));
  const online = h.online.length
    ? el('table', { class: 'metrics online' },
      row(['predicted by', 'TP', 'FP', 'FN', 'TN', 'precision', 'recall'], true),
      ...h.online.map((q) => row([cell(q.modelVersion), cell(q.tp), cell(q.fp), cell(q.fn), cell(q.tn),
        cell(q.precision, 3), cell(q.recall, 3)])))
    : el('p', { class: 'muted', text: 'No prediction of it has been judged by a later confirmation yet.' });
  return el('div', {},
    el('p', { class: 'observed' + (starving ? ' starving' : '') },
      o.positives + ' observed positives and ' + o.negatives + ' negatives in ' + o.images + ' images'
        + (starving ? ' — starving: too few positives to learn from' : '')),
    el('h3', { text: 'Per version' }), versions,
    el('h3', { text: 'Online' }), online,
    el('p', { class: 'muted', text: 'computed ' + new Date(h.computedAt).toLocaleString() + '; per-version train and validation counts and AP come from versions trained with a label report' }));
}

async function showLabel(name) {
  const out = document.getElementById('label-history');
  try {
    out.replaceChildren(labelHistory(await Api.get('/v1/labels/' + encodeURIComponent(name))));
    say('');
  } catch (e) {
    out.replaceChildren(el('p', { class: 'error', text: e.message }));
  }
}

// The labels with the fewest observed positives (GET /v1/labels), each linking to its history.
async function loadStarving() {
  const out = document.getElementById('starving');
  try {
    const s = await Api.get('/v1/labels?limit=15');
    const bins = Object.entries(s.bins).map(([b, n]) => n + ' with ' + b).join(', ');
    out.replaceChildren(
      el('p', { class: 'muted', text: s.total + ' labels by observed positives in ' + s.images + ' images: ' + bins }),
      el('table', { class: 'metrics starving-labels' },
        row(['label', 'positives', 'negatives', 'AP (current)', 'threshold (current)'], true),
        ...s.labels.map((l) => row([
          el('td', {}, el('a', { href: '#label=' + encodeURIComponent(l.name), text: l.name })),
          cell(l.positives), cell(l.negatives), cell(l.ap, 3), cell(l.threshold, 3)]))));
  } catch (e) {
    out.replaceChildren(el('p', { class: 'error', text: e.message }));
  }
}

document.getElementById('label-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const name = document.getElementById('label-name').value.trim();
  if (name) {
    history.replaceState(null, '', '#label=' + encodeURIComponent(name));
    showLabel(name);
  }
});

async function load() {
  const list = document.getElementById('releases');
  try {
    const m = await Api.get('/v1/review/models');
    comparison(m.comparison);
    list.replaceChildren(...m.releases.map(card));
    if (!m.releases.length) list.append(el('p', { class: 'muted', text: 'No model version has been announced yet.' }));
    say('');
  } catch (e) {
    sayFailure('Cannot load the models', e);
  }
}

function labelFromHash() {
  const m = /^#label=(.+)$/.exec(location.hash);
  if (!m) return;
  const name = decodeURIComponent(m[1]);
  document.getElementById('label-name').value = name;
  showLabel(name);
}

window.addEventListener('hashchange', labelFromHash);
Api.tokenForm(() => { load(); loadStarving(); labelFromHash(); });
load();
loadStarving();
labelFromHash();
