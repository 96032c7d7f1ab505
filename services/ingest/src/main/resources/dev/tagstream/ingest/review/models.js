// The models page: every announced version with its status, metrics and evaluation report (shown in a
// sandboxed frame, fetched with the token like every other call).
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

Api.tokenForm(load);
load();
