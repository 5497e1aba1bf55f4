(function () {
  'use strict';
  function byId(id) { return document.getElementById(id); }
  var table = byId('results');
  var rows = table ? Array.prototype.slice.call(table.querySelectorAll('tbody tr')) : [];
  var filters = {
    rule: byId('filter-rule'),
    verdict: byId('filter-verdict'),
    severity: byId('filter-severity')
  };
  var keys = Object.keys(filters).filter(function (k) { return filters[k] !== null; });
  function apply() {
    var shown = 0;
    rows.forEach(function (tr) {
      var ok = keys.every(function (k) {
        var want = filters[k].value;
        return want === '' || tr.getAttribute('data-' + k) === want;
      });
      tr.hidden = !ok;
      if (ok) { shown++; }
    });
    var count = byId('results-count');
    if (count) { count.textContent = shown + ' of ' + rows.length + ' results shown'; }
    var empty = byId('results-empty');
    if (empty) { empty.hidden = shown !== 0; }
  }
  keys.forEach(function (k) { filters[k].addEventListener('change', apply); });
  var reset = byId('filter-reset');
  if (reset) {
    reset.addEventListener('click', function () {
      keys.forEach(function (k) { filters[k].value = ''; });
      apply();
    });
  }
  document.querySelectorAll('[data-filter-verdict]').forEach(function (el) {
    el.addEventListener('click', function (e) {
      e.preventDefault();
      keys.forEach(function (k) { filters[k].value = ''; });
      if (filters.verdict) { filters.verdict.value = el.getAttribute('data-filter-verdict'); }
      apply();
      table.scrollIntoView();
    });
  });
  // #verdict=FAIL&rule=GD002 preselects filters: a link can point at exactly the results it is about
  if (window.location.hash.length > 1) {
    var wanted = new URLSearchParams(window.location.hash.slice(1));
    keys.forEach(function (k) {
      var v = wanted.get(k);
      if (v !== null && Array.prototype.some.call(filters[k].options, function (o) { return o.value === v; })) {
        filters[k].value = v;
      }
    });
  }
  apply();
  // Marks what a reader can see, so a headless browser test can check the rendered page, not only the markup.
  document.querySelectorAll('[data-check]').forEach(function (el) {
    var box = el.getBoundingClientRect();
    var style = window.getComputedStyle(el);
    var visible = box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
    el.setAttribute('data-visible', visible ? 'true' : 'false');
    el.setAttribute('data-width', String(Math.round(box.width)));
  });
  // A path picture fits when every hop lies inside the picture and no hop's text spills out of its box.
  document.querySelectorAll('figure.path').forEach(function (fig) {
    var outer = fig.getBoundingClientRect();
    var fits = true;
    fig.querySelectorAll('.hop').forEach(function (hop) {
      var b = hop.getBoundingClientRect();
      if (b.width <= 0 || b.left < outer.left - 0.5 || b.right > outer.right + 0.5 || hop.scrollWidth > hop.clientWidth + 1) {
        fits = false;
      }
    });
    fig.setAttribute('data-fits', fits ? 'true' : 'false');
  });
  document.body.setAttribute('data-ready', 'true');
})();
