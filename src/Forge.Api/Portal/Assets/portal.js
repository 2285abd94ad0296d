// Forge portal: copy buttons, and the live progress of a workspace page. Pages are server-rendered; this only adds to them.
// Progress follows the workspace's server-sent events (the API's own stream, answered to the portal session) and updates
// the steps list and status line in place; once the workspace is at rest the page reloads to show where it ended
// (connection details, actions). A plain script instead of an interactive Blazor circuit: no per-user server state and no
// sticky sessions across Forge's replicas, and without JavaScript the page still shows the state as of its last load.
(() => {
  'use strict';

  document.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-copy]');
    if (!button) return;
    const source = document.getElementById(button.dataset.copy);
    const status = button.nextElementSibling;
    const text = source.tagName === 'A' ? source.href : source.textContent.trim();
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = 'Copied';
    } catch {
      status.textContent = 'Copy failed: select the text and copy it';
    }
  });

  const steps = document.getElementById('steps');
  if (!steps || !steps.dataset.events) return;
  const statusLine = document.getElementById('live-status');

  const badge = (status) => {
    const span = document.createElement('span');
    span.className = 'status status-' + status;
    const symbol = document.createElement('span');
    symbol.setAttribute('aria-hidden', 'true');
    symbol.textContent = ({ ready: '●', succeeded: '●', failed: '✕', stopped: '○', terminated: '○', skipped: '○' }[status] || '◐') + ' ';
    span.append(symbol, status);
    return span;
  };

  const showStep = (step) => {
    let item = steps.querySelector(`li[data-sequence="${step.sequence}"]`);
    if (!item) {
      item = document.createElement('li');
      item.dataset.sequence = step.sequence;
      const after = [...steps.children].find((li) => Number(li.dataset.sequence) > step.sequence);
      steps.insertBefore(item, after || null);
      document.getElementById('no-steps')?.remove();
    }
    const name = document.createElement('span');
    name.className = 'step-name';
    name.textContent = step.name;
    item.replaceChildren(name, badge(step.status));
    if (step.attempts > 1) {
      const attempts = document.createElement('span');
      attempts.className = 'step-attempts';
      attempts.textContent = ` (attempt ${step.attempts})`;
      item.append(attempts);
    }
    if (step.lastError) {
      const error = document.createElement('span');
      error.className = 'step-error';
      error.textContent = step.lastError;
      item.append(error);
    }
  };

  const atRest = ['ready', 'stopped', 'terminated', 'failed'];
  const events = new EventSource(steps.dataset.events);
  events.addEventListener('step', (e) => showStep(JSON.parse(e.data)));
  events.addEventListener('status', (e) => {
    const change = JSON.parse(e.data);
    statusLine.replaceChildren('Status: ', badge(change.status));
    if (atRest.includes(change.status)) {
      events.close();
      window.location.reload();
    }
  });
  // The stream ends once the workspace is at rest (handled above) or when it may no longer be seen: stop, never retry.
  events.addEventListener('error', () => events.close());
})();
