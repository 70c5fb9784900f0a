// Stand-in for the VS Code webview host in the headless-browser tests: acquireVsCodeApi records
// every posted message and keeps setState's state in sessionStorage (which survives a reload,
// like VS Code's webview state). CSP violations are recorded too.
(function () {
  const KEY = 'causal-lens-test-state';
  window.__posted = [];
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
  });
  let acquired = false;
  window.acquireVsCodeApi = function () {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage(m) {
        window.__posted.push(JSON.parse(JSON.stringify(m)));
      },
      getState() {
        const s = sessionStorage.getItem(KEY);
        return s === null ? undefined : JSON.parse(s);
      },
      setState(s) {
        sessionStorage.setItem(KEY, JSON.stringify(s));
        return s;
      },
    };
  };
})();
